//! Instance operations: launch (with the CLI's `--network-interfaces` in shorthand or
//! JSON), start, stop, hibernate, reboot, terminate, describe, and the type table.

use super::{filters, ids, ignore, ipv4, optional_id, required_ids};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{InstanceId, ResourceId, SecurityGroupId, SubnetId};
use crate::instance::{LaunchInterface, RunInstances};
use crate::instance_types::{instance_type, INSTANCE_TYPES};
use crate::response::Response;
use crate::script::{shorthand, Args};
use crate::world::World;
use serde_json::Value;

const FLAG: &str = "network-interfaces";

/// The members one `--network-interfaces` item may have.
const INTERFACE_MEMBERS: &[&str] = &[
    "DeviceIndex",
    "NetworkInterfaceId",
    "SubnetId",
    "Groups",
    "PrivateIpAddress",
    "SecondaryPrivateIpAddressCount",
    "AssociatePublicIpAddress",
    "DeleteOnTermination",
    "Description",
    "Ipv6AddressCount",
];

fn launch_interface(index: usize, item: &Value) -> Ec2Result<LaunchInterface> {
    let Value::Object(map) = item else {
        return Err(Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("--{FLAG}: item {index} is not a structure"),
        ));
    };
    if let Some(unknown) = map
        .keys()
        .find(|k| !INTERFACE_MEMBERS.contains(&k.as_str()))
    {
        return Err(Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("Unknown parameter in NetworkInterfaces[{index}]: \"{unknown}\", must be one of: {}", INTERFACE_MEMBERS.join(", ")),
        ));
    }
    let text = |key: &str| {
        map.get(key)
            .map(|v| shorthand::to_string(FLAG, key, v))
            .transpose()
    };
    let number = |key: &str| {
        map.get(key)
            .map(|v| shorthand::to_u32(FLAG, key, v))
            .transpose()
    };
    let flag = |key: &str| {
        map.get(key)
            .map(|v| shorthand::to_bool(FLAG, key, v))
            .transpose()
    };
    Ok(LaunchInterface {
        device_index: number("DeviceIndex")?.ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::MissingParameter,
                format!("NetworkInterfaces[{index}] needs a DeviceIndex"),
            )
        })?,
        network_interface_id: text("NetworkInterfaceId")?
            .map(|s| ResourceId::parse(&s))
            .transpose()?,
        subnet_id: text("SubnetId")?
            .map(|s| ResourceId::parse(&s))
            .transpose()?,
        groups: map
            .get("Groups")
            .map(|v| shorthand::to_string_list(FLAG, "Groups", v))
            .transpose()?
            .unwrap_or_default()
            .iter()
            .map(|s| SecurityGroupId::parse(s))
            .collect::<Ec2Result<_>>()?,
        private_ip_address: text("PrivateIpAddress")?
            .map(|s| ipv4("privateIpAddress", &s))
            .transpose()?,
        secondary_private_ip_address_count: number("SecondaryPrivateIpAddressCount")?,
        associate_public_ip_address: flag("AssociatePublicIpAddress")?,
        delete_on_termination: flag("DeleteOnTermination")?,
        description: text("Description")?,
        ipv6_address_count: number("Ipv6AddressCount")?,
    })
}

/// `--count N` or `--count MIN:MAX`; the model launches MIN (capacity never runs out here).
fn count(text: Option<String>) -> Ec2Result<u32> {
    let Some(text) = text else { return Ok(1) };
    let min = text.split(':').next().unwrap_or_default();
    min.parse().map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("Invalid value '{text}' for --count: expected N or MIN:MAX."),
        )
    })
}

pub fn run_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let image_id = a.required_string("image-id")?;
    if !image_id.starts_with("ami-") {
        return Err(Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("Invalid id: \"{image_id}\" (expecting \"ami-...\")"),
        ));
    }
    let network_interfaces = a
        .structure_list(FLAG, &["Groups"])?
        .iter()
        .enumerate()
        .map(|(i, item)| launch_interface(i, item))
        .collect::<Ec2Result<Vec<_>>>()?;
    let hibernation = a.structure("hibernation-options", &[])?;
    let hibernation_configured = match hibernation.as_ref().and_then(|h| h.get("Configured")) {
        Some(v) => shorthand::to_bool("hibernation-options", "Configured", v)?,
        None => false,
    };
    let mut req = RunInstances {
        image_id,
        instance_type: a.optional_string("instance-type")?,
        count: count(a.optional_string("count")?)?,
        subnet_id: optional_id::<SubnetId>(&mut a, "subnet-id")?,
        security_group_ids: ids(&mut a, "security-group-ids")?,
        private_ip_address: a
            .optional_string("private-ip-address")?
            .map(|s| ipv4("privateIpAddress", &s))
            .transpose()?,
        associate_public_ip_address: a.bool_flag("associate-public-ip-address")?,
        network_interfaces,
        hibernation_configured,
        ipv6_address_count: a.optional_u32("ipv6-address-count")?,
        secondary_private_ip_address_count: None,
    };
    let group_names = a.list("security-groups")?;
    ignore(
        &mut a,
        &[
            "key-name",
            "tag-specifications",
            "user-data",
            "iam-instance-profile",
            "block-device-mappings",
            "metadata-options",
            "monitoring",
            "placement",
            "credit-specification",
            "ebs-optimized",
        ],
    )?;
    a.finish()?;
    let r = world.region_mut(region)?;
    for name in group_names {
        let vpc = r.default_vpc();
        let group = r
            .security_groups()
            .find(|g| g.name == name && Some(g.vpc_id) == vpc)
            .map(|g| g.id)
            .ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InvalidGroupNotFound,
                    format!(
                        "The security group '{name}' does not exist in VPC '{}'",
                        vpc.map(|v| v.to_string()).unwrap_or_default()
                    ),
                )
            })?;
        req.security_group_ids.push(group);
    }
    Ok(Response::written(&r.run_instances(&req)?))
}

pub fn start_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instances: Vec<InstanceId> = required_ids(&mut a, "instance-ids")?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "StartingInstances",
        &world.region_mut(region)?.start_instances(&instances)?,
    ))
}

pub fn stop_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instances: Vec<InstanceId> = required_ids(&mut a, "instance-ids")?;
    let hibernate = a.bool_flag("hibernate")?.unwrap_or(false);
    ignore(&mut a, &["force"])?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "StoppingInstances",
        &world
            .region_mut(region)?
            .stop_instances(&instances, hibernate)?,
    ))
}

pub fn reboot_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instances: Vec<InstanceId> = required_ids(&mut a, "instance-ids")?;
    a.finish()?;
    world.region_mut(region)?.reboot_instances(&instances)?;
    Ok(Response::empty())
}

pub fn terminate_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instances: Vec<InstanceId> = required_ids(&mut a, "instance-ids")?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "TerminatingInstances",
        &world.region_mut(region)?.terminate_instances(&instances)?,
    ))
}

pub fn describe_instances(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let (instance_ids, filters) = (ids::<InstanceId>(&mut a, "instance-ids")?, filters(&mut a)?);
    ignore(&mut a, &["max-results", "next-token"])?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "Reservations",
        &world
            .region(region)?
            .describe_instances(&instance_ids, &filters)?,
    ))
}

pub fn describe_instance_types(
    _world: &mut World,
    _region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let names = a.list("instance-types")?;
    let filters = filters(&mut a)?;
    a.finish()?;
    let mut types = Vec::new();
    for name in &names {
        instance_type(name)?;
    }
    for t in INSTANCE_TYPES {
        let values = |filter: &str| {
            Some(match filter {
                "instance-type" => vec![t.name.to_string()],
                "network-info.maximum-network-interfaces" => {
                    vec![t.max_network_interfaces.to_string()]
                }
                "network-info.ipv4-addresses-per-interface" => {
                    vec![t.ipv4_per_interface.to_string()]
                }
                "vcpu-info.default-vcpus" => vec![t.vcpus.to_string()],
                _ => return None,
            })
        };
        if (names.is_empty() || names.iter().any(|n| n == t.name))
            && crate::filter::matches(&filters, values)?
        {
            types.push(t.info());
        }
    }
    Ok(Response::wrapped("InstanceTypes", &types))
}
