//! Network interface operations.

use super::{filters, id, ids, ignore, ipv4, ipv6};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{AttachmentId, NetworkInterfaceId, ResourceId, SecurityGroupId};
use crate::network_interface::{
    AssignPrivateIpAddresses, AttachNetworkInterface, CreateNetworkInterface, InterfaceAttribute,
};
use crate::response::Response;
use crate::script::{shorthand, Args};
use crate::world::World;
use serde_json::json;
use std::net::{Ipv4Addr, Ipv6Addr};

fn ipv4_list(a: &mut Args, flag: &str) -> Ec2Result<Vec<Ipv4Addr>> {
    a.list(flag)?
        .iter()
        .map(|s| ipv4("privateIpAddress", s))
        .collect()
}

fn ipv6_list(a: &mut Args, flag: &str) -> Ec2Result<Vec<Ipv6Addr>> {
    a.list(flag)?
        .iter()
        .map(|s| ipv6("ipv6Addresses", s))
        .collect()
}

pub fn create_network_interface(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let req = CreateNetworkInterface {
        subnet_id: id(&mut a, "subnet-id")?,
        description: a.optional_string("description")?,
        groups: ids(&mut a, "groups")?,
        private_ip_address: a
            .optional_string("private-ip-address")?
            .map(|s| ipv4("privateIpAddress", &s))
            .transpose()?,
        secondary_private_ip_addresses: Vec::new(),
        secondary_private_ip_address_count: a
            .optional_u32("secondary-private-ip-address-count")?
            .unwrap_or(0),
        ipv6_addresses: ipv6_list(&mut a, "ipv6-addresses")?,
        ipv6_address_count: a.optional_u32("ipv6-address-count")?,
    };
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    Ok(Response::wrapped_written(
        "NetworkInterface",
        &world.region_mut(region)?.create_network_interface(&req)?,
    ))
}

pub fn delete_network_interface(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let eni: NetworkInterfaceId = id(&mut a, "network-interface-id")?;
    a.finish()?;
    world.region_mut(region)?.delete_network_interface(eni)?;
    Ok(Response::empty())
}

pub fn attach_network_interface(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let req = AttachNetworkInterface {
        network_interface_id: id(&mut a, "network-interface-id")?,
        instance_id: id(&mut a, "instance-id")?,
        device_index: a.required_u32("device-index")?,
        network_card_index: a.optional_u32("network-card-index")?.unwrap_or(0),
    };
    a.finish()?;
    Ok(Response::of(
        &world.region_mut(region)?.attach_network_interface(&req)?,
    ))
}

pub fn detach_network_interface(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let attachment: AttachmentId = id(&mut a, "attachment-id")?;
    let force = a.bool_flag("force")?.unwrap_or(false);
    a.finish()?;
    world
        .region_mut(region)?
        .detach_network_interface(attachment, force)?;
    Ok(Response::empty())
}

/// One attribute per call, as EC2 requires.
pub fn modify_network_interface_attribute(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let eni: NetworkInterfaceId = id(&mut a, "network-interface-id")?;
    let mut attributes = Vec::new();
    if a.has("groups") {
        let groups: Vec<SecurityGroupId> = ids(&mut a, "groups")?;
        attributes.push(InterfaceAttribute::Groups(groups));
    }
    if let Some(text) = a.optional_string("description")? {
        attributes.push(InterfaceAttribute::Description(description_value(&text)?));
    }
    if let Some(on) = a.bool_flag("source-dest-check")? {
        attributes.push(InterfaceAttribute::SourceDestCheck(on));
    }
    if let Some(attachment) = a.structure("attachment", &[])? {
        let field = |key: &str| {
            attachment.get(key).ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::MissingParameter,
                    format!("--attachment needs {key}"),
                )
            })
        };
        attributes.push(InterfaceAttribute::Attachment {
            attachment_id: AttachmentId::parse(&shorthand::to_string(
                "attachment",
                "AttachmentId",
                field("AttachmentId")?,
            )?)?,
            delete_on_termination: shorthand::to_bool(
                "attachment",
                "DeleteOnTermination",
                field("DeleteOnTermination")?,
            )?,
        });
    }
    a.finish()?;
    if attributes.len() != 1 {
        return Err(Ec2Error::new(
            if attributes.is_empty() { ErrorCode::MissingParameter } else { ErrorCode::InvalidParameterCombination },
            "Specify exactly one attribute: --groups, --description, --source-dest-check / --no-source-dest-check or --attachment.",
        ));
    }
    let attribute = attributes.pop().expect("exactly one");
    world
        .region_mut(region)?
        .modify_network_interface_attribute(eni, attribute)?;
    Ok(Response::empty())
}

/// `--description` is an attribute value: `Value=TEXT` or `{"Value": "TEXT"}` as the API
/// shapes it, or plain text, which the AWS CLI also accepts.
fn description_value(text: &str) -> Ec2Result<String> {
    let structured = text.starts_with("Value=") || text.trim_start().starts_with('{');
    if !structured {
        return Ok(text.to_string());
    }
    let value = shorthand::parse_structure("description", text, &[])?;
    match value.get("Value") {
        Some(v) => shorthand::to_string("description", "Value", v),
        None => Err(Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            "--description takes Value=TEXT or plain text",
        )),
    }
}

pub fn assign_private_ip_addresses(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let req = AssignPrivateIpAddresses {
        network_interface_id: id(&mut a, "network-interface-id")?,
        private_ip_addresses: ipv4_list(&mut a, "private-ip-addresses")?,
        secondary_private_ip_address_count: a.optional_u32("secondary-private-ip-address-count")?,
        allow_reassignment: a.bool_flag("allow-reassignment")?.unwrap_or(false),
    };
    a.finish()?;
    let assigned = world
        .region_mut(region)?
        .assign_private_ip_addresses(&req)?;
    Ok(Response::of(&json!({
        "NetworkInterfaceId": req.network_interface_id.to_string(),
        "AssignedPrivateIpAddresses": assigned.iter().map(|ip| json!({"PrivateIpAddress": ip.to_string()})).collect::<Vec<_>>(),
    })))
}

pub fn unassign_private_ip_addresses(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let eni: NetworkInterfaceId = id(&mut a, "network-interface-id")?;
    let addresses = ipv4_list(&mut a, "private-ip-addresses")?;
    a.finish()?;
    if addresses.is_empty() {
        return Err(Ec2Error::new(
            ErrorCode::MissingParameter,
            "The request must contain the parameter PrivateIpAddresses",
        ));
    }
    world
        .region_mut(region)?
        .unassign_private_ip_addresses(eni, &addresses)?;
    Ok(Response::empty())
}

pub fn assign_ipv6_addresses(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let eni: NetworkInterfaceId = id(&mut a, "network-interface-id")?;
    let addresses = ipv6_list(&mut a, "ipv6-addresses")?;
    let count = a.optional_u32("ipv6-address-count")?;
    a.finish()?;
    if addresses.is_empty() && count.is_none() {
        return Err(Ec2Error::new(
            ErrorCode::MissingParameter,
            "Either 'ipv6Addresses' or 'ipv6AddressCount' should be provided.",
        ));
    }
    let assigned =
        world
            .region_mut(region)?
            .assign_ipv6_addresses(eni, &addresses, count.unwrap_or(0))?;
    Ok(Response::of(&json!({
        "AssignedIpv6Addresses": assigned.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
        "NetworkInterfaceId": eni.to_string(),
    })))
}

pub fn unassign_ipv6_addresses(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let eni: NetworkInterfaceId = id(&mut a, "network-interface-id")?;
    let addresses = ipv6_list(&mut a, "ipv6-addresses")?;
    a.finish()?;
    if addresses.is_empty() {
        return Err(Ec2Error::new(
            ErrorCode::MissingParameter,
            "The request must contain the parameter Ipv6Addresses",
        ));
    }
    world
        .region_mut(region)?
        .unassign_ipv6_addresses(eni, &addresses)?;
    Ok(Response::of(&json!({
        "NetworkInterfaceId": eni.to_string(),
        "UnassignedIpv6Addresses": addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
    })))
}

pub fn describe_network_interfaces(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (eni_ids, filters) = (
        ids::<NetworkInterfaceId>(&mut a, "network-interface-ids")?,
        filters(&mut a)?,
    );
    a.finish()?;
    Ok(Response::wrapped_written(
        "NetworkInterfaces",
        &world
            .region(region)?
            .describe_network_interfaces(&eni_ids, &filters)?,
    ))
}
