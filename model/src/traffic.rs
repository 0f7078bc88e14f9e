//! Reachability: where a packet sent to an address ends up, or why it is dropped, as a path
//! of components in the spirit of VPC Reachability Analyzer (claims C2, C8, C10, C30).
//!
//! Traffic follows addresses, and addresses belong to network interfaces: when an
//! interface moves to another instance, the same destination reaches the new instance.
//! Traffic from the internet enters through the VPC's internet gateway and needs the
//! subnet's route table to route the internet (0.0.0.0/0 or ::/0) back to that gateway;
//! every subnet reaches every other subnet of its VPC (the `local` route). A middlebox (a NAT or
//! firewall instance) is modelled by `--via`: the packet enters through the middlebox's
//! interface and is forwarded to the destination, which requires that interface's
//! source/destination check to be off.

use crate::byoip::ByoipState;
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{InstanceId, NetworkInterfaceId};
use crate::network_interface::{NetworkInterface, PublicAddress};
use crate::region::Region;
use ipnet::IpNet;
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr};

/// The address an internet client sends from when `--from` is not given (a documentation address).
pub const INTERNET_CLIENT: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);

#[derive(Debug, Clone, PartialEq)]
pub struct SendTraffic {
    pub to: IpAddr,
    pub port: u16,
    /// `tcp`, `udp` or `icmp`.
    pub protocol: String,
    /// The sender: an internet client by default, or an address or range.
    pub from: Option<IpNet>,
    /// A middlebox interface the packet is forwarded through.
    pub via: Option<NetworkInterfaceId>,
}

/// Why a packet was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Explanation {
    /// No interface of the Region holds the destination address.
    NoMatchingAddress,
    /// The destination is a private address, which the internet cannot reach.
    PrivateAddressNotRoutable,
    /// The VPC has no internet gateway attached.
    IgwNotAttached,
    /// The interface's subnet has no route to the internet gateway: it is a private subnet.
    NoRouteToIgw,
    /// The interface holding the address is not attached to an instance.
    EniNotAttached,
    /// No rule of the interface's security groups allows the packet.
    EniSgRulesMismatch,
    /// The instance is stopped, stopping, pending or terminated.
    InstanceNotRunning,
    /// The instance's host has failed.
    InstanceImpaired,
    /// A middlebox interface with source/destination check on refuses to forward.
    SourceDestCheck,
    /// Source and destination are in different VPCs, with no path between them.
    NoPathBetweenVpcs,
    /// The address belongs to a BYOIP range that AWS is not advertising, so the internet
    /// has no route to it through AWS.
    ByoipRangeNotAdvertised,
}

impl Explanation {
    /// Every explanation, for documentation and tests.
    pub const ALL: [Explanation; 11] = [
        Explanation::NoMatchingAddress,
        Explanation::PrivateAddressNotRoutable,
        Explanation::IgwNotAttached,
        Explanation::NoRouteToIgw,
        Explanation::EniNotAttached,
        Explanation::EniSgRulesMismatch,
        Explanation::InstanceNotRunning,
        Explanation::InstanceImpaired,
        Explanation::SourceDestCheck,
        Explanation::NoPathBetweenVpcs,
        Explanation::ByoipRangeNotAdvertised,
    ];

    /// The explanation code as `netlab send-traffic` writes it (`INSTANCE_IMPAIRED`).
    pub fn code(self) -> &'static str {
        match self {
            Explanation::NoMatchingAddress => "NO_MATCHING_ADDRESS",
            Explanation::PrivateAddressNotRoutable => "PRIVATE_ADDRESS_NOT_ROUTABLE",
            Explanation::IgwNotAttached => "IGW_NOT_ATTACHED",
            Explanation::NoRouteToIgw => "NO_ROUTE_TO_IGW",
            Explanation::EniNotAttached => "ENI_NOT_ATTACHED",
            Explanation::EniSgRulesMismatch => "ENI_SG_RULES_MISMATCH",
            Explanation::InstanceNotRunning => "INSTANCE_NOT_RUNNING",
            Explanation::InstanceImpaired => "INSTANCE_IMPAIRED",
            Explanation::SourceDestCheck => "SOURCE_DEST_CHECK",
            Explanation::NoPathBetweenVpcs => "NO_PATH_BETWEEN_VPCS",
            Explanation::ByoipRangeNotAdvertised => "BYOIP_RANGE_NOT_ADVERTISED",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Explanation::NoMatchingAddress => "No network interface in this Region holds the destination address.",
            Explanation::PrivateAddressNotRoutable => "Private addresses cannot be reached from the internet; send to the public or Elastic IP.",
            Explanation::IgwNotAttached => "The VPC has no internet gateway attached, so no traffic from the internet reaches it.",
            Explanation::NoRouteToIgw => "The subnet's route table has no route to the internet gateway, so it is a private subnet and replies cannot reach the internet.",
            Explanation::EniNotAttached => "The network interface that holds the address is not attached to any instance.",
            Explanation::EniSgRulesMismatch => "No inbound rule of the interface's security groups allows this protocol, port and source.",
            Explanation::InstanceNotRunning => "The instance is not running.",
            Explanation::InstanceImpaired => "The instance's host has failed; it does not answer.",
            Explanation::SourceDestCheck => "The middlebox interface has source/destination check enabled, so it drops traffic not addressed to itself.",
            Explanation::NoPathBetweenVpcs => "Source and destination are in different VPCs with no connection between them.",
            Explanation::ByoipRangeNotAdvertised => "The address comes from your BYOIP range, which AWS is not advertising: advertise the range (advertise-byoip-cidr) for the internet to reach it.",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PathComponent {
    pub component_type: &'static str,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrafficResult {
    pub delivered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<InstanceId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub path: Vec<PathComponent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation_code: Option<Explanation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'static str>,
}

struct Trace {
    path: Vec<PathComponent>,
    instance: Option<InstanceId>,
    eni: Option<NetworkInterfaceId>,
}

impl Trace {
    fn hop(&mut self, component_type: &'static str, id: impl ToString) {
        self.path.push(PathComponent {
            component_type,
            id: id.to_string(),
        });
    }

    fn drop(self, why: Explanation) -> TrafficResult {
        TrafficResult {
            delivered: false,
            instance_id: self.instance,
            network_interface_id: self.eni,
            path: self.path,
            explanation_code: Some(why),
            explanation: Some(why.message()),
        }
    }

    fn deliver(self) -> TrafficResult {
        TrafficResult {
            delivered: true,
            instance_id: self.instance,
            network_interface_id: self.eni,
            path: self.path,
            explanation_code: None,
            explanation: None,
        }
    }
}

impl Region {
    /// Finds the interface holding an address, and which public address it is if public.
    fn holder_of(&self, address: IpAddr) -> Option<(&NetworkInterface, Option<PublicAddress>)> {
        self.network_interfaces
            .values()
            .find_map(|eni| match address {
                IpAddr::V4(v4) => eni.private_ips.iter().find_map(|ip| {
                    if ip.address == v4 {
                        Some((eni, None))
                    } else {
                        ip.public
                            .filter(|p| p.public_ip() == v4)
                            .map(|p| (eni, Some(p)))
                    }
                }),
                IpAddr::V6(v6) => eni.ipv6_addresses.contains(&v6).then_some((eni, None)),
            })
    }

    /// Whether the internet reaches a public address through AWS: an address of a BYOIP
    /// range only while AWS advertises the range (until a withdrawal completes).
    fn advertised_to_internet(&self, address: IpAddr) -> bool {
        self.byoip_cidrs()
            .filter(|range| range.cidr.contains(&address))
            .all(|range| {
                matches!(
                    range.state,
                    ByoipState::Advertised | ByoipState::PendingWithdrawal
                )
            })
    }

    /// `netlab send-traffic`: what a packet reaches, or where and why it is dropped.
    pub fn send_traffic(&self, req: &SendTraffic) -> Ec2Result<TrafficResult> {
        let protocol = crate::security_group::normalise_protocol(&req.protocol)?;
        if protocol == "-1" {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                "send-traffic needs one protocol: tcp, udp or icmp.",
            ));
        }
        let source = req
            .from
            .map_or(IpAddr::V4(INTERNET_CLIENT), |net| net.addr());
        let sender = self.holder_of(source).map(|(eni, _)| eni);
        let mut trace = Trace {
            path: Vec::new(),
            instance: None,
            eni: None,
        };
        let entry = match req.via {
            Some(via) => self.network_interface(via)?,
            None => match self.holder_of(req.to) {
                Some((eni, _)) => eni,
                None => return Ok(trace.drop(Explanation::NoMatchingAddress)),
            },
        };
        let public = match req.via {
            Some(_) => entry.public_addresses().next().map(|(_, p)| p),
            None => self.holder_of(req.to).and_then(|(_, p)| p),
        };
        match sender {
            Some(sender) if sender.vpc_id != entry.vpc_id => {
                return Ok(trace.drop(Explanation::NoPathBetweenVpcs))
            }
            Some(_) => {}
            None => {
                let internet_facing =
                    public.is_some() || matches!(req.to, IpAddr::V6(_)) && req.via.is_none();
                let Some(gateway) = self.gateway_of(entry.vpc_id) else {
                    return Ok(trace.drop(if internet_facing {
                        Explanation::IgwNotAttached
                    } else {
                        Explanation::PrivateAddressNotRoutable
                    }));
                };
                trace.hop("InternetGateway", gateway);
                if !self.routes_to_internet(entry.subnet_id, source) {
                    return Ok(trace.drop(Explanation::NoRouteToIgw));
                }
                match public {
                    Some(PublicAddress::Elastic { allocation_id, .. }) => {
                        trace.hop("ElasticIp", allocation_id)
                    }
                    Some(PublicAddress::Amazon { public_ip }) => trace.hop("PublicIp", public_ip),
                    None if internet_facing => {}
                    None => return Ok(trace.drop(Explanation::PrivateAddressNotRoutable)),
                }
                if req.via.is_none() && !self.advertised_to_internet(req.to) {
                    return Ok(trace.drop(Explanation::ByoipRangeNotAdvertised));
                }
            }
        }
        let sender_groups = sender.map(|s| s.groups.clone()).unwrap_or_default();
        if let Err(why) = self.reach_interface(
            entry,
            &protocol,
            req.port,
            source,
            &sender_groups,
            &mut trace,
        ) {
            return Ok(trace.drop(why));
        }
        let Some(via) = req.via else {
            return Ok(trace.deliver());
        };
        if self.network_interfaces[&via].source_dest_check {
            return Ok(trace.drop(Explanation::SourceDestCheck));
        }
        let Some((target, _)) = self.holder_of(req.to) else {
            return Ok(trace.drop(Explanation::NoMatchingAddress));
        };
        if target.vpc_id != entry.vpc_id {
            return Ok(trace.drop(Explanation::NoPathBetweenVpcs));
        }
        let middlebox_groups = self.network_interfaces[&via].groups.clone();
        match self.reach_interface(
            target,
            &protocol,
            req.port,
            source,
            &middlebox_groups,
            &mut trace,
        ) {
            Ok(()) => Ok(trace.deliver()),
            Err(why) => Ok(trace.drop(why)),
        }
    }

    /// The last hops: the interface, its security groups, and the instance behind it.
    fn reach_interface(
        &self,
        eni: &NetworkInterface,
        protocol: &str,
        port: u16,
        source: IpAddr,
        source_groups: &[crate::ids::SecurityGroupId],
        trace: &mut Trace,
    ) -> Result<(), Explanation> {
        trace.hop("NetworkInterface", eni.id);
        trace.eni = Some(eni.id);
        let allowed = eni
            .groups
            .iter()
            .filter_map(|g| self.security_groups.get(g))
            .find(|g| g.allows_inbound(protocol, port, source, source_groups));
        let Some(group) = allowed else {
            if let Some(first) = eni.groups.first() {
                trace.hop("SecurityGroup", first);
            }
            return Err(Explanation::EniSgRulesMismatch);
        };
        trace.hop("SecurityGroup", group.id);
        let Some(attachment) = &eni.attachment else {
            return Err(Explanation::EniNotAttached);
        };
        let instance = self
            .instances
            .get(&attachment.instance_id)
            .ok_or(Explanation::EniNotAttached)?;
        trace.hop("Instance", instance.id);
        trace.instance = Some(instance.id);
        if !instance.state.is_running() {
            return Err(Explanation::InstanceNotRunning);
        }
        if instance.impaired {
            return Err(Explanation::InstanceImpaired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Explanation;
    use crate::runner::{run_text, Vars};
    use crate::World;

    #[test]
    fn explanation_codes_are_written_as_the_answers_write_them() {
        for why in Explanation::ALL {
            assert_eq!(serde_json::to_value(why).unwrap(), why.code());
            assert!(!why.message().is_empty());
        }
    }

    const SCENARIO: &str = "\
aws ec2 provision-byoip-cidr --cidr 203.0.113.0/24 --cidr-authorization-context Message=m,Signature=s
netlab advance-time --hours 168
POOL=$(aws ec2 describe-byoip-cidrs --max-results 5 --query 'ByoipCidrs[0].StatusMessage' --output text)
ALLOC=$(aws ec2 allocate-address --public-ipv4-pool $POOL --query AllocationId --output text)
IP=$(aws ec2 describe-addresses --allocation-ids $ALLOC --query 'Addresses[0].PublicIp' --output text)
SG=$(aws ec2 describe-security-groups --filters Name=group-name,Values=default --query 'SecurityGroups[0].GroupId' --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
WEB=$(aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro --query 'Instances[0].InstanceId' --output text)
aws ec2 associate-address --allocation-id $ALLOC --instance-id $WEB
netlab send-traffic --to $IP
aws ec2 advertise-byoip-cidr --cidr 203.0.113.0/24
netlab advance-time --hours 1
netlab send-traffic --to $IP
";

    #[test]
    fn the_internet_reaches_a_byoip_address_only_while_aws_advertises_its_range() {
        let mut world = World::new(0);
        let mut vars = Vars::new();
        let results = run_text(&mut world, &mut vars, SCENARIO).unwrap();
        let before = results[9].outcome.as_ref().unwrap().value();
        assert_eq!(before["Delivered"], false);
        assert_eq!(before["ExplanationCode"], "BYOIP_RANGE_NOT_ADVERTISED");
        let after = results[12].outcome.as_ref().unwrap().value();
        assert_eq!(after["Delivered"], true);
    }
}
