//! Security group operations, with both the simple (`--protocol --port --cidr`) and the
//! structured (`--ip-permissions`) forms of rules.

use super::{filters, id, ids, ignore, optional_id};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{SecurityGroupId, VpcId};
use crate::region::ACCOUNT_ID;
use crate::response::Response;
use crate::script::{shorthand, Args};
use crate::security_group::{normalise_protocol, CreateSecurityGroup, Peer, Permission};
use crate::world::World;
use ipnet::IpNet;
use serde_json::{json, Value};

pub fn create_security_group(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let req = CreateSecurityGroup {
        group_name: a.required_string("group-name")?,
        description: a.required_string("description")?,
        vpc_id: optional_id::<VpcId>(&mut a, "vpc-id")?,
    };
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    let id = world.region_mut(region)?.create_security_group(&req)?;
    Ok(Response::of(&json!({
        "GroupId": id.to_string(),
        "SecurityGroupArn": format!("arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{id}"),
    })))
}

pub fn delete_security_group(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let group: SecurityGroupId = id(&mut a, "group-id")?;
    a.finish()?;
    world.region_mut(region)?.delete_security_group(group)?;
    Ok(Response::empty())
}

fn cidr(text: &str) -> Ec2Result<IpNet> {
    text.parse::<IpNet>().map(|n| n.trunc()).map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!(
                "Value ({text}) for parameter cidrIp is invalid. This is not a valid CIDR block."
            ),
        )
    })
}

/// `--port 22`, `--port 8000-8080` or `--port -1`.
fn port_range(text: &str) -> Ec2Result<(i32, i32)> {
    let bad = || {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("Invalid value '{text}' for --port: expected N, N-M or -1."),
        )
    };
    if text == "-1" {
        return Ok((-1, -1));
    }
    let (from, to) = text.split_once('-').unwrap_or((text, text));
    let from: i32 = from.parse().map_err(|_| bad())?;
    let to: i32 = to.parse().map_err(|_| bad())?;
    if !(0..=65535).contains(&from) || !(from..=65535).contains(&to) {
        return Err(bad());
    }
    Ok((from, to))
}

/// The group and the permissions of an authorize or revoke call, in either form.
fn group_and_permissions(
    world: &World,
    region: &str,
    a: &mut Args,
) -> Ec2Result<(SecurityGroupId, Vec<Permission>)> {
    let group = match (
        optional_id::<SecurityGroupId>(a, "group-id")?,
        a.optional_string("group-name")?,
    ) {
        (Some(id), _) => id,
        (None, Some(name)) => {
            let r = world.region(region)?;
            let vpc = r.default_vpc();
            r.security_groups()
                .find(|g| g.name == name && Some(g.vpc_id) == vpc)
                .map(|g| g.id)
                .ok_or_else(|| {
                    Ec2Error::new(
                        ErrorCode::InvalidGroupNotFound,
                        format!("The security group '{name}' does not exist in default VPC"),
                    )
                })?
        }
        (None, None) => {
            return Err(Ec2Error::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter groupId or groupName",
            ))
        }
    };
    let mut permissions = Vec::new();
    let protocol = a.optional_string("protocol")?;
    let port = a.optional_string("port")?;
    let source_cidr = a.optional_string("cidr")?;
    let source_group = optional_id::<SecurityGroupId>(a, "source-group")?;
    if let Some(protocol) = protocol {
        let protocol = normalise_protocol(&protocol)?;
        let (from, to) = match (port, protocol.as_str()) {
            (_, "-1") => (-1, -1),
            (Some(p), _) => port_range(&p)?,
            (None, "icmp") => (-1, -1),
            (None, _) => {
                return Err(Ec2Error::new(
                    ErrorCode::MissingParameter,
                    "--port is required for tcp and udp rules",
                ))
            }
        };
        let peer = match (source_cidr, source_group) {
            (Some(c), None) => Peer::Cidr(cidr(&c)?),
            (None, Some(g)) => Peer::Group(g),
            (None, None) => {
                return Err(Ec2Error::new(
                    ErrorCode::MissingParameter,
                    "Specify a source: --cidr or --source-group",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterCombination,
                    "Specify either --cidr or --source-group, not both",
                ))
            }
        };
        permissions.push(Permission {
            protocol,
            from_port: from,
            to_port: to,
            peer,
        });
    }
    for item in a.structure_list(
        "ip-permissions",
        &["IpRanges", "Ipv6Ranges", "UserIdGroupPairs"],
    )? {
        permissions.extend(structured_permissions(&item)?);
    }
    if permissions.is_empty() {
        return Err(Ec2Error::new(
            ErrorCode::MissingParameter,
            "Specify a rule: --protocol, --port and --cidr, or --ip-permissions",
        ));
    }
    Ok((group, permissions))
}

/// One `--ip-permissions` item: a protocol and port range with several sources.
fn structured_permissions(item: &Value) -> Ec2Result<Vec<Permission>> {
    const FLAG: &str = "ip-permissions";
    let text = |key: &str| {
        item.get(key)
            .map(|v| shorthand::to_string(FLAG, key, v))
            .transpose()
    };
    let protocol = normalise_protocol(&text("IpProtocol")?.unwrap_or_else(|| "-1".into()))?;
    let number = |key: &str| -> Ec2Result<i32> {
        match text(key)? {
            Some(s) => s.parse().map_err(|_| {
                Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("Invalid {key} '{s}' in --ip-permissions"),
                )
            }),
            None => Ok(-1),
        }
    };
    let (from_port, to_port) = (number("FromPort")?, number("ToPort")?);
    let mut peers = Vec::new();
    let entries = |key: &str| {
        item.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    for range in entries("IpRanges") {
        if let Some(c) = range.get("CidrIp") {
            peers.push(Peer::Cidr(cidr(&shorthand::to_string(FLAG, "CidrIp", c)?)?));
        }
    }
    for range in entries("Ipv6Ranges") {
        if let Some(c) = range.get("CidrIpv6") {
            peers.push(Peer::Cidr(cidr(&shorthand::to_string(
                FLAG, "CidrIpv6", c,
            )?)?));
        }
    }
    for pair in entries("UserIdGroupPairs") {
        if let Some(g) = pair.get("GroupId") {
            peers.push(Peer::Group(crate::ids::ResourceId::parse(
                &shorthand::to_string(FLAG, "GroupId", g)?,
            )?));
        }
    }
    Ok(peers
        .into_iter()
        .map(|peer| Permission {
            protocol: protocol.clone(),
            from_port,
            to_port,
            peer,
        })
        .collect())
}

pub fn authorize_security_group_ingress(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (group, permissions) = group_and_permissions(world, region, &mut a)?;
    ignore(&mut a, &["tag-specifications"])?;
    a.finish()?;
    let rule_ids = world
        .region_mut(region)?
        .authorize_security_group_ingress(group, &permissions)?;
    let rules: Vec<Value> = rule_ids
        .iter()
        .zip(&permissions)
        .map(|(rule, p)| {
            let mut v = json!({
                "SecurityGroupRuleId": rule.to_string(),
                "GroupId": group.to_string(),
                "GroupOwnerId": ACCOUNT_ID,
                "IsEgress": false,
                "IpProtocol": p.protocol,
                "FromPort": p.from_port,
                "ToPort": p.to_port,
            });
            match &p.peer {
                Peer::Cidr(IpNet::V4(n)) => v["CidrIpv4"] = json!(n.to_string()),
                Peer::Cidr(IpNet::V6(n)) => v["CidrIpv6"] = json!(n.to_string()),
                Peer::Group(g) => {
                    v["ReferencedGroupInfo"] =
                        json!({"GroupId": g.to_string(), "UserId": ACCOUNT_ID})
                }
            }
            v
        })
        .collect();
    Ok(Response::of(
        &json!({ "Return": true, "SecurityGroupRules": rules }),
    ))
}

pub fn revoke_security_group_ingress(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let (group, permissions) = group_and_permissions(world, region, &mut a)?;
    a.finish()?;
    world
        .region_mut(region)?
        .revoke_security_group_ingress(group, &permissions)?;
    Ok(Response::of(&json!({ "Return": true })))
}

pub fn describe_security_groups(
    world: &mut World,
    region: &str,
    mut a: Args,
) -> Ec2Result<Response> {
    let group_ids = ids::<SecurityGroupId>(&mut a, "group-ids")?;
    let names = a.list("group-names")?;
    let filters = filters(&mut a)?;
    a.finish()?;
    Ok(Response::wrapped(
        "SecurityGroups",
        &world
            .region(region)?
            .describe_security_groups(&group_ids, &names, &filters)?,
    ))
}
