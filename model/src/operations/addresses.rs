//! Elastic IP operations.

use super::{filters, ids, ignore, ipv4, optional_id, public_ip};
use crate::elastic_ip::{AllocateAddress, AssociateAddress, EipRef};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{AllocationId, AssociationId, InstanceId, NetworkInterfaceId};
use crate::response::Response;
use crate::script::Args;
use crate::world::World;

pub fn allocate_address(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let req = AllocateAddress {
        domain: a.optional_string("domain")?,
        public_ipv4_pool: a.optional_string("public-ipv4-pool")?,
        address: a
            .optional_string("address")?
            .map(|s| public_ip(&s))
            .transpose()?,
    };
    ignore(&mut a, &["tag-specifications", "network-border-group"])?;
    a.finish()?;
    Ok(Response::of(
        &world.region_mut(region)?.allocate_address(&req)?,
    ))
}

/// `--allocation-id`, or the older `--public-ip`.
fn eip_ref(a: &mut Args) -> Ec2Result<EipRef> {
    match (
        optional_id::<AllocationId>(a, "allocation-id")?,
        a.optional_string("public-ip")?,
    ) {
        (Some(id), _) => Ok(EipRef::Allocation(id)),
        (None, Some(ip)) => Ok(EipRef::PublicIp(public_ip(&ip)?)),
        (None, None) => Err(Ec2Error::new(
            ErrorCode::MissingParameter,
            "Either 'allocationId' or 'publicIp' should be provided.",
        )),
    }
}

pub fn associate_address(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let req = AssociateAddress {
        address: eip_ref(&mut a)?,
        instance_id: optional_id::<InstanceId>(&mut a, "instance-id")?,
        network_interface_id: optional_id::<NetworkInterfaceId>(&mut a, "network-interface-id")?,
        private_ip_address: a
            .optional_string("private-ip-address")?
            .map(|s| ipv4("privateIpAddress", &s))
            .transpose()?,
        allow_reassociation: a.bool_flag("allow-reassociation")?,
    };
    a.finish()?;
    let association = world.region_mut(region)?.associate_address(&req)?;
    Ok(Response::wrapped("AssociationId", &association))
}

pub fn disassociate_address(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let association = optional_id::<AssociationId>(&mut a, "association-id")?;
    let ip = a
        .optional_string("public-ip")?
        .map(|s| public_ip(&s))
        .transpose()?;
    a.finish()?;
    world
        .region_mut(region)?
        .disassociate_address(association, ip)?;
    Ok(Response::empty())
}

pub fn release_address(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let allocation = optional_id::<AllocationId>(&mut a, "allocation-id")?;
    let ip = a
        .optional_string("public-ip")?
        .map(|s| public_ip(&s))
        .transpose()?;
    ignore(&mut a, &["network-border-group"])?;
    a.finish()?;
    world.region_mut(region)?.release_address(allocation, ip)?;
    Ok(Response::empty())
}

pub fn describe_addresses(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let allocation_ids = ids::<AllocationId>(&mut a, "allocation-ids")?;
    let public_ips = a
        .list("public-ips")?
        .iter()
        .map(|s| public_ip(s))
        .collect::<Ec2Result<Vec<_>>>()?;
    let filters = filters(&mut a)?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "Addresses",
        &world
            .region(region)?
            .describe_addresses(&allocation_ids, &public_ips, &filters)?,
    ))
}
