//! Security groups: stateful allow-only rules of one VPC, attached to network interfaces.
//!
//! Inbound traffic reaches an interface only if a rule of one of its groups allows it (C2).
//! New groups allow all outbound and no inbound traffic; a VPC's `default` group also allows
//! inbound traffic from its own members [VPC User Guide, security groups].

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{SecurityGroupId, SecurityGroupRuleId, VpcId};
use crate::json_text::{push_contents, push_id, WriteJson};
use crate::region::{Region, ACCOUNT_ID};
use ipnet::IpNet;
use serde::Serialize;
use std::net::IpAddr;

/// Security groups per interface by default [VPC quotas].
pub const GROUPS_PER_INTERFACE: usize = 5;
/// Inbound rules per group by default [VPC quotas].
pub const INBOUND_RULES_PER_GROUP: usize = 60;

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroup {
    pub id: SecurityGroupId,
    pub vpc_id: VpcId,
    pub name: String,
    pub description: String,
    pub ingress: Vec<Rule>,
    pub egress: Vec<Rule>,
    pub(crate) seq: u64,
}

/// One allow rule: a protocol, a port range and a source (or, outbound, a destination).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: SecurityGroupRuleId,
    pub permission: Permission,
}

/// What a rule allows, as `authorize-security-group-ingress` spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: Peer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Peer {
    Cidr(IpNet),
    Group(SecurityGroupId),
}

impl Permission {
    /// Whether this permission lets a packet of `protocol` to `port` from `source` through.
    /// `source_groups` are the groups of the sending interface, when it is in the VPC.
    pub fn allows(
        &self,
        protocol: &str,
        port: u16,
        source: IpAddr,
        source_groups: &[SecurityGroupId],
    ) -> bool {
        let protocol_ok = self.protocol == "-1" || self.protocol == protocol;
        let port_ok = self.protocol == "-1"
            || protocol == "icmp"
            || (self.from_port..=self.to_port).contains(&i32::from(port));
        let peer_ok = match &self.peer {
            Peer::Cidr(net) => net.contains(&source),
            Peer::Group(group) => source_groups.contains(group),
        };
        protocol_ok && port_ok && peer_ok
    }
}

/// Normalises a protocol name or number to EC2's spelling (`6` is `tcp`, `all` is `-1`).
pub fn normalise_protocol(text: &str) -> Ec2Result<String> {
    Ok(match text.to_ascii_lowercase().as_str() {
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" => "icmp",
        "-1" | "all" => "-1",
        other => {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("Invalid value '{other}' for IP protocol. Unknown protocol."),
            ))
        }
    }
    .to_string())
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroupDescription {
    pub description: String,
    pub group_name: String,
    pub ip_permissions: Vec<IpPermission>,
    pub owner_id: &'static str,
    pub group_id: SecurityGroupId,
    pub ip_permissions_egress: Vec<IpPermission>,
    pub vpc_id: VpcId,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    pub ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    pub ip_ranges: Vec<IpRange>,
    pub ipv6_ranges: Vec<Ipv6Range>,
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    pub cidr_ip: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    pub cidr_ipv6: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserIdGroupPair {
    pub group_id: SecurityGroupId,
    pub user_id: &'static str,
}

/// `{"GroupName": ..., "GroupId": ...}` as interfaces and instances list their groups.
#[derive(Debug, Clone)]
pub struct GroupIdentifier<'a> {
    pub group_name: &'a str,
    pub group_id: SecurityGroupId,
}

impl WriteJson for GroupIdentifier<'_> {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"GroupName\":\"");
        push_contents(out, self.group_name);
        out.push_str("\",\"GroupId\":\"");
        push_id(out, self.group_id);
        out.push_str("\"}");
    }
}

fn describe_rules(rules: &[Rule]) -> Vec<IpPermission> {
    rules
        .iter()
        .map(|rule| {
            let p = &rule.permission;
            let all = p.protocol == "-1";
            let (mut v4, mut v6, mut groups) = (Vec::new(), Vec::new(), Vec::new());
            match &p.peer {
                Peer::Cidr(IpNet::V4(net)) => v4.push(IpRange {
                    cidr_ip: net.to_string(),
                }),
                Peer::Cidr(IpNet::V6(net)) => v6.push(Ipv6Range {
                    cidr_ipv6: net.to_string(),
                }),
                Peer::Group(group_id) => groups.push(UserIdGroupPair {
                    group_id: *group_id,
                    user_id: ACCOUNT_ID,
                }),
            }
            IpPermission {
                ip_protocol: p.protocol.clone(),
                from_port: (!all).then_some(p.from_port),
                to_port: (!all).then_some(p.to_port),
                ip_ranges: v4,
                ipv6_ranges: v6,
                user_id_group_pairs: groups,
            }
        })
        .collect()
}

impl SecurityGroup {
    pub fn describe(&self) -> SecurityGroupDescription {
        SecurityGroupDescription {
            description: self.description.clone(),
            group_name: self.name.clone(),
            ip_permissions: describe_rules(&self.ingress),
            owner_id: ACCOUNT_ID,
            group_id: self.id,
            ip_permissions_egress: describe_rules(&self.egress),
            vpc_id: self.vpc_id,
        }
    }

    pub fn identifier(&self) -> GroupIdentifier<'_> {
        GroupIdentifier {
            group_name: &self.name,
            group_id: self.id,
        }
    }

    /// Whether an inbound packet is allowed by one of this group's rules.
    pub fn allows_inbound(
        &self,
        protocol: &str,
        port: u16,
        source: IpAddr,
        source_groups: &[SecurityGroupId],
    ) -> bool {
        self.ingress
            .iter()
            .any(|r| r.permission.allows(protocol, port, source, source_groups))
    }
}

#[derive(Debug, Clone, Default)]
pub struct CreateSecurityGroup {
    pub group_name: String,
    pub description: String,
    pub vpc_id: Option<VpcId>,
}

impl Region {
    /// Creates the `default` group of a new VPC: inbound from itself, outbound anywhere.
    pub(crate) fn create_default_security_group(&mut self, vpc_id: VpcId) -> SecurityGroupId {
        self.insert_security_group(
            vpc_id,
            "default".into(),
            "default VPC security group".into(),
            true,
        )
    }

    /// Adds a group that allows all outbound traffic and, if `allow_members`, inbound
    /// traffic from its own members (as a VPC's default group does).
    fn insert_security_group(
        &mut self,
        vpc_id: VpcId,
        name: String,
        description: String,
        allow_members: bool,
    ) -> SecurityGroupId {
        let id: SecurityGroupId = self.ids.id();
        let ingress = if allow_members {
            vec![Rule {
                id: self.ids.id(),
                permission: Permission {
                    protocol: "-1".into(),
                    from_port: -1,
                    to_port: -1,
                    peer: Peer::Group(id),
                },
            }]
        } else {
            Vec::new()
        };
        let egress = vec![self.allow_all_outbound()];
        let seq = self.next_seq();
        self.security_groups.insert(
            id,
            SecurityGroup {
                id,
                vpc_id,
                name,
                description,
                ingress,
                egress,
                seq,
            },
        );
        id
    }

    fn allow_all_outbound(&mut self) -> Rule {
        Rule {
            id: self.ids.id(),
            permission: Permission {
                protocol: "-1".into(),
                from_port: -1,
                to_port: -1,
                peer: Peer::Cidr("0.0.0.0/0".parse().expect("literal CIDR")),
            },
        }
    }

    /// The default VPC of this Region, if it still exists.
    pub fn default_vpc(&self) -> Option<VpcId> {
        self.vpcs().find(|v| v.is_default).map(|v| v.id)
    }

    /// `CreateSecurityGroup`: a name unique in its VPC, not starting with `sg-`.
    pub fn create_security_group(
        &mut self,
        req: &CreateSecurityGroup,
    ) -> Ec2Result<SecurityGroupId> {
        let vpc_id = match req.vpc_id {
            Some(id) => self.vpc(id)?.id,
            None => self.default_vpc().ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::MissingParameter,
                    "No default VPC for this user; specify a VPC id.",
                )
            })?,
        };
        if req.group_name.starts_with("sg-") || req.group_name.eq_ignore_ascii_case("default") {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Group names may not be in the format sg-* and may not be 'default': {}",
                    req.group_name
                ),
            ));
        }
        if self
            .security_groups
            .values()
            .any(|g| g.vpc_id == vpc_id && g.name == req.group_name)
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidGroupDuplicate,
                format!(
                    "The security group '{}' already exists for VPC '{vpc_id}'",
                    req.group_name
                ),
            ));
        }
        let id = self.insert_security_group(
            vpc_id,
            req.group_name.clone(),
            req.description.clone(),
            false,
        );
        Ok(id)
    }

    /// `DeleteSecurityGroup`: never the default group, never one still used by an interface.
    pub fn delete_security_group(&mut self, id: SecurityGroupId) -> Ec2Result<()> {
        let group = self.security_group(id)?;
        if group.name == "default" {
            return Err(Ec2Error::new(
                ErrorCode::CannotDelete,
                "the specified group: \"default\" name: \"default\" cannot be deleted by a user",
            ));
        }
        if self
            .network_interfaces
            .values()
            .any(|n| n.groups.contains(&id))
        {
            return Err(Ec2Error::new(
                ErrorCode::DependencyViolation,
                format!("resource {id} has a dependent object"),
            ));
        }
        self.security_groups.remove(&id);
        Ok(())
    }

    /// `AuthorizeSecurityGroupIngress`: adds allow rules; a rule already present is a duplicate.
    pub fn authorize_security_group_ingress(
        &mut self,
        id: SecurityGroupId,
        permissions: &[Permission],
    ) -> Ec2Result<Vec<SecurityGroupRuleId>> {
        let vpc_id = self.security_group(id)?.vpc_id;
        for p in permissions {
            if let Peer::Group(source) = p.peer {
                if self.security_group(source)?.vpc_id != vpc_id {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidGroupNotFound,
                        "You have specified two resources that belong to different networks.",
                    ));
                }
            }
        }
        let group = &self.security_groups[&id];
        if let Some(dup) = permissions
            .iter()
            .find(|p| group.ingress.iter().any(|r| &r.permission == *p))
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidPermissionDuplicate,
                format!(
                    "the specified rule \"peer: {}, {}, ALLOW\" already exists",
                    peer_text(&dup.peer),
                    port_text(dup)
                ),
            ));
        }
        if group.ingress.len() + permissions.len() > INBOUND_RULES_PER_GROUP {
            return Err(Ec2Error::new(
                ErrorCode::RulesPerSecurityGroupLimitExceeded,
                "The maximum number of rules per security group has been reached.",
            ));
        }
        let rules: Vec<Rule> = permissions
            .iter()
            .map(|p| Rule {
                id: self.ids.id(),
                permission: p.clone(),
            })
            .collect();
        let ids = rules.iter().map(|r| r.id).collect();
        self.security_groups
            .get_mut(&id)
            .expect("checked above")
            .ingress
            .extend(rules);
        Ok(ids)
    }

    /// `RevokeSecurityGroupIngress`: removes rules that match exactly; an absent one is refused.
    pub fn revoke_security_group_ingress(
        &mut self,
        id: SecurityGroupId,
        permissions: &[Permission],
    ) -> Ec2Result<()> {
        let group = self.security_group(id)?;
        if let Some(missing) = permissions
            .iter()
            .find(|p| !group.ingress.iter().any(|r| &r.permission == *p))
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidPermissionNotFound,
                format!(
                    "The specified rule does not exist in this security group: peer {}, {}",
                    peer_text(&missing.peer),
                    port_text(missing)
                ),
            ));
        }
        let group = self.security_groups.get_mut(&id).expect("checked above");
        group
            .ingress
            .retain(|r| !permissions.contains(&r.permission));
        Ok(())
    }

    /// `DescribeSecurityGroups` with ids, names and filters.
    pub fn describe_security_groups(
        &self,
        ids: &[SecurityGroupId],
        names: &[String],
        filters: &[Filter],
    ) -> Ec2Result<Vec<SecurityGroupDescription>> {
        for id in ids {
            self.security_group(*id)?;
        }
        let mut out = Vec::new();
        for group in self.security_groups() {
            let values = |name: &str| {
                Some(match name {
                    "group-id" => filter::one(group.id),
                    "group-name" => filter::one(&group.name),
                    "vpc-id" => filter::one(group.vpc_id),
                    "description" => filter::one(&group.description),
                    "owner-id" => filter::one(ACCOUNT_ID),
                    _ => return None,
                })
            };
            let listed = (ids.is_empty() || ids.contains(&group.id))
                && (names.is_empty() || names.contains(&group.name));
            if listed && filter::matches(filters, values)? {
                out.push(group.describe());
            }
        }
        Ok(out)
    }

    /// Resolves the groups for an interface: every one must exist, be in the interface's VPC,
    /// and there may be at most five. No groups means the VPC's default group.
    pub(crate) fn groups_for_interface(
        &self,
        vpc_id: VpcId,
        groups: &[SecurityGroupId],
    ) -> Ec2Result<Vec<SecurityGroupId>> {
        if groups.is_empty() {
            return Ok(vec![self.vpc(vpc_id)?.default_security_group]);
        }
        if groups.len() > GROUPS_PER_INTERFACE {
            return Err(Ec2Error::new(
                ErrorCode::SecurityGroupsPerInterfaceLimitExceeded,
                format!("You have exceeded the maximum number of security groups ({GROUPS_PER_INTERFACE}) allowed per network interface."),
            ));
        }
        let mut out = Vec::new();
        for id in groups {
            if self.security_group(*id)?.vpc_id != vpc_id {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidGroupNotFound,
                    "You have specified two resources that belong to different networks.",
                ));
            }
            if !out.contains(id) {
                out.push(*id);
            }
        }
        Ok(out)
    }
}

fn peer_text(peer: &Peer) -> String {
    match peer {
        Peer::Cidr(net) => net.to_string(),
        Peer::Group(id) => id.to_string(),
    }
}

fn port_text(p: &Permission) -> String {
    if p.protocol == "-1" {
        "ALL".to_string()
    } else {
        format!(
            "{} from port: {} to port: {}",
            p.protocol.to_uppercase(),
            p.from_port,
            p.to_port
        )
    }
}
