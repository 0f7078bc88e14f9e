//! Route table operations.

use super::{filters, id, ids, ignore, optional_id};
use crate::error::Ec2Result;
use crate::ids::{RouteTableAssociationId, RouteTableId, SubnetId, VpcId};
use crate::response::Response;
use crate::route_table::CreateRoute;
use crate::script::Args;
use crate::world::World;
use serde_json::json;

pub fn create_route_table(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let vpc: VpcId = id(&mut a, "vpc-id")?;
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "RouteTable",
        &world.region_mut(region)?.create_route_table(vpc)?,
    ))
}

pub fn create_route(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let route_table_id = id(&mut a, "route-table-id")?;
    let v4 = a.optional_string("destination-cidr-block")?;
    let v6 = a.optional_string("destination-ipv6-cidr-block")?;
    let req = CreateRoute {
        route_table_id,
        destination: v4.or(v6),
        gateway_id: optional_id(&mut a, "gateway-id")?,
        network_interface_id: optional_id(&mut a, "network-interface-id")?,
        instance_id: optional_id(&mut a, "instance-id")?,
    };
    a.finish()?;
    world.region_mut(region)?.create_route(&req)?;
    Ok(Response::of(&json!({ "Return": true })))
}

pub fn delete_route(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let table: RouteTableId = id(&mut a, "route-table-id")?;
    let v4 = a.optional_string("destination-cidr-block")?;
    let v6 = a.optional_string("destination-ipv6-cidr-block")?;
    a.finish()?;
    world
        .region_mut(region)?
        .delete_route(table, v4.or(v6).as_deref().unwrap_or_default())?;
    Ok(Response::empty())
}

pub fn associate_route_table(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let table: RouteTableId = id(&mut a, "route-table-id")?;
    let subnet: SubnetId = id(&mut a, "subnet-id")?;
    a.finish()?;
    world
        .region_mut(region)?
        .associate_route_table(table, subnet)
        .map(|v| Response::of(&v))
}

pub fn disassociate_route_table(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let association: RouteTableAssociationId = id(&mut a, "association-id")?;
    a.finish()?;
    world
        .region_mut(region)?
        .disassociate_route_table(association)?;
    Ok(Response::empty())
}

pub fn describe_route_tables(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let (table_ids, filters) = (
        ids::<RouteTableId>(&mut a, "route-table-ids")?,
        filters(&mut a)?,
    );
    a.finish()?;
    Ok(Response::wrapped(
        "RouteTables",
        &world
            .region(region)?
            .describe_route_tables(&table_ids, &filters)?,
    ))
}
