//! VPC, subnet and internet gateway operations.

use super::{filters, id, ids, ignore};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{InternetGatewayId, SubnetId, VpcId};
use crate::response::Response;
use crate::script::Args;
use crate::subnet::{zone_id, CreateSubnet, SubnetAttribute};
use crate::vpc::{AssociateVpcCidrBlock, CreateVpc};
use crate::world::World;
use serde_json::{json, Value};

pub fn create_vpc(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let req = CreateVpc {
        cidr_block: a.optional_string("cidr-block")?,
        amazon_provided_ipv6_cidr_block: a
            .bool_flag("amazon-provided-ipv6-cidr-block")?
            .unwrap_or(false),
    };
    ignore(&mut a, &["tag-specifications", "instance-tenancy"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "Vpc",
        &world.region_mut(region)?.create_vpc(&req)?,
    ))
}

pub fn describe_vpcs(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let (vpc_ids, filters) = (ids::<VpcId>(&mut a, "vpc-ids")?, filters(&mut a)?);
    a.finish()?;
    Ok(Response::wrapped(
        "Vpcs",
        &world.region(region)?.describe_vpcs(&vpc_ids, &filters)?,
    ))
}

pub fn create_default_vpc(world: &mut World, region: &str, a: Args) -> Ec2Result<Response> {
    a.finish()?;
    Ok(Response::wrapped(
        "Vpc",
        &world.region_mut(region)?.create_default_vpc()?,
    ))
}

pub fn associate_vpc_cidr_block(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let req = AssociateVpcCidrBlock {
        vpc_id: id(&mut a, "vpc-id")?,
        cidr_block: a.optional_string("cidr-block")?,
        amazon_provided_ipv6_cidr_block: a
            .bool_flag("amazon-provided-ipv6-cidr-block")?
            .unwrap_or(false),
        ipv6_pool: a.optional_string("ipv6-pool")?,
        ipv6_cidr_block: a.optional_string("ipv6-cidr-block")?,
    };
    a.finish()?;
    world
        .region_mut(region)?
        .associate_vpc_cidr_block(&req)
        .map(|v| Response::of(&v))
}

pub fn disassociate_vpc_cidr_block(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let association = a.required_string("association-id")?;
    a.finish()?;
    world
        .region_mut(region)?
        .disassociate_vpc_cidr_block(&association)
        .map(|v| Response::of(&v))
}

pub fn create_subnet(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let req = CreateSubnet {
        vpc_id: id(&mut a, "vpc-id")?,
        cidr_block: a.optional_string("cidr-block")?,
        availability_zone: a.optional_string("availability-zone")?,
        ipv6_cidr_block: a.optional_string("ipv6-cidr-block")?,
    };
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "Subnet",
        &world.region_mut(region)?.create_subnet(&req)?,
    ))
}

pub fn delete_subnet(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let subnet: SubnetId = id(&mut a, "subnet-id")?;
    a.finish()?;
    world.region_mut(region)?.delete_subnet(subnet)?;
    Ok(Response::empty())
}

pub fn describe_subnets(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let (subnet_ids, filters) = (ids::<SubnetId>(&mut a, "subnet-ids")?, filters(&mut a)?);
    a.finish()?;
    Ok(Response::wrapped(
        "Subnets",
        &world
            .region(region)?
            .describe_subnets(&subnet_ids, &filters)?,
    ))
}

/// One attribute per call, as EC2 requires.
pub fn modify_subnet_attribute(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let subnet: SubnetId = id(&mut a, "subnet-id")?;
    let map_public = a.bool_flag("map-public-ip-on-launch")?;
    let assign_ipv6 = a.bool_flag("assign-ipv6-address-on-creation")?;
    a.finish()?;
    let attribute = match (map_public, assign_ipv6) {
        (Some(on), None) => SubnetAttribute::MapPublicIpOnLaunch(on),
        (None, Some(on)) => SubnetAttribute::AssignIpv6AddressOnCreation(on),
        (None, None) => return Err(Ec2Error::new(ErrorCode::MissingParameter, "Specify one attribute to modify, for example --map-public-ip-on-launch.")),
        (Some(_), Some(_)) => return Err(Ec2Error::new(ErrorCode::InvalidParameterCombination, "Fields for multiple attribute types specified: mapPublicIpOnLaunch, assignIpv6AddressOnCreation")),
    };
    world
        .region_mut(region)?
        .modify_subnet_attribute(subnet, attribute)?;
    Ok(Response::empty())
}

pub fn associate_subnet_cidr_block(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let subnet: SubnetId = id(&mut a, "subnet-id")?;
    let block = a.required_string("ipv6-cidr-block")?;
    a.finish()?;
    world
        .region_mut(region)?
        .associate_subnet_ipv6_block(subnet, &block)
        .map(|v| Response::of(&v))
}

pub fn create_internet_gateway(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "InternetGateway",
        &world.region_mut(region)?.create_internet_gateway(),
    ))
}

fn gateway_and_vpc(a: &mut Args) -> Ec2Result<(InternetGatewayId, VpcId)> {
    Ok((id(a, "internet-gateway-id")?, id(a, "vpc-id")?))
}

pub fn attach_internet_gateway(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (gateway, vpc) = gateway_and_vpc(&mut a)?;
    a.finish()?;
    world
        .region_mut(region)?
        .attach_internet_gateway(gateway, vpc)?;
    Ok(Response::empty())
}

pub fn detach_internet_gateway(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (gateway, vpc) = gateway_and_vpc(&mut a)?;
    a.finish()?;
    world
        .region_mut(region)?
        .detach_internet_gateway(gateway, vpc)?;
    Ok(Response::empty())
}

pub fn describe_internet_gateways(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (gateway_ids, filters) = (
        ids::<InternetGatewayId>(&mut a, "internet-gateway-ids")?,
        filters(&mut a)?,
    );
    a.finish()?;
    Ok(Response::wrapped(
        "InternetGateways",
        &world
            .region(region)?
            .describe_internet_gateways(&gateway_ids, &filters)?,
    ))
}

pub fn describe_availability_zones(
    world: &mut World,
    region: &str,
    a: Args,
) -> Ec2Result<Response> {
    a.finish()?;
    let zones: Vec<Value> = world
        .region(region)?
        .availability_zones()
        .iter()
        .map(|zone| {
            json!({
                "State": "available",
                "RegionName": region,
                "ZoneName": zone,
                "ZoneId": zone_id(zone),
                "ZoneType": "availability-zone",
            })
        })
        .collect();
    Ok(Response::of(&json!({ "AvailabilityZones": zones })))
}
