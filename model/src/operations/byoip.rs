//! BYOIP operations.

use super::{ids, ignore};
use crate::byoip::ProvisionByoipCidr;
use crate::error::Ec2Result;
use crate::ids::PublicIpv4PoolId;
use crate::response::Response;
use crate::script::{shorthand, Args};
use crate::world::World;

pub fn provision_byoip_cidr(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let cidr = a.required_string("cidr")?;
    let context = a.structure("cidr-authorization-context", &[])?;
    let member = |key: &str| -> Ec2Result<Option<String>> {
        context
            .as_ref()
            .and_then(|c| c.get(key))
            .map(|v| shorthand::to_string("cidr-authorization-context", key, v))
            .transpose()
    };
    let req = ProvisionByoipCidr {
        description: a.optional_string("description")?,
        publicly_advertisable: a.bool_flag("publicly-advertisable")?.unwrap_or(true),
        authorization_message: member("Message")?,
        authorization_signature: member("Signature")?,
        cidr,
    };
    ignore(
        &mut a,
        &[
            "pool-tag-specifications",
            "multi-region",
            "network-border-group",
        ],
    )?;
    a.finish()?;
    Ok(Response::wrapped(
        "ByoipCidr",
        &world.region_mut(region)?.provision_byoip_cidr(&req)?,
    ))
}

pub fn advertise_byoip_cidr(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let cidr = a.required_string("cidr")?;
    ignore(&mut a, &["asn", "network-border-group"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "ByoipCidr",
        &world.region_mut(region)?.advertise_byoip_cidr(&cidr)?,
    ))
}

pub fn withdraw_byoip_cidr(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let cidr = a.required_string("cidr")?;
    a.finish()?;
    Ok(Response::wrapped(
        "ByoipCidr",
        &world.region_mut(region)?.withdraw_byoip_cidr(&cidr)?,
    ))
}

pub fn deprovision_byoip_cidr(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let cidr = a.required_string("cidr")?;
    a.finish()?;
    Ok(Response::wrapped(
        "ByoipCidr",
        &world.region_mut(region)?.deprovision_byoip_cidr(&cidr)?,
    ))
}

pub fn describe_byoip_cidrs(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    ignore(&mut a, &["max-results", "next-token"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "ByoipCidrs",
        &world.region(region)?.describe_byoip_cidrs(),
    ))
}

pub fn describe_public_ipv4_pools(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let pool_ids = ids::<PublicIpv4PoolId>(&mut a, "pool-ids")?;
    ignore(&mut a, &["max-results", "next-token", "filters"])?;
    a.finish()?;
    Ok(Response::wrapped(
        "PublicIpv4Pools",
        &world
            .region(region)?
            .describe_public_ipv4_pools(&pool_ids)?,
    ))
}
