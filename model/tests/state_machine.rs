//! State-machine property test: random sequences of EC2 operations, legal and illegal,
//! applied through the typed `Region` API or through AWS CLI script steps, with every
//! invariant of the model checked after every step, and every sequence run twice to check
//! that the model is deterministic.
//!
//! The operations name their targets by small numbers ("the third interface"), resolved
//! against the world as it is when the step runs, so that shrinking keeps sequences
//! meaningful.

use ipnet::{Ipv4Net, Ipv6Net};
use netlab_model::byoip::{ByoipPool, ProvisionByoipCidr};
use netlab_model::clock::SimTime;
use netlab_model::elastic_ip::{AllocateAddress, AssociateAddress, EipRef};
use netlab_model::ids::{AttachmentId, InstanceId, NetworkInterfaceId, SecurityGroupId, SubnetId};
use netlab_model::instance::{InstanceState, LaunchInterface, RunInstances};
use netlab_model::instance_types::instance_type;
use netlab_model::network_interface::{
    AssignPrivateIpAddresses, AttachNetworkInterface, CreateNetworkInterface, InterfaceAttribute,
    PublicAddress,
};
use netlab_model::response::Response;
use netlab_model::runner::{run_text, Vars};
use netlab_model::security_group::CreateSecurityGroup;
use netlab_model::subnet::CreateSubnet;
use netlab_model::vpc::{AssociateVpcCidrBlock, CreateVpc};
use netlab_model::{Region, World};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::net::Ipv4Addr;

const REGION: &str = "us-east-1";

/// Instance types with different interface and address limits (2×2 up to 8×30).
const TYPES: &[&str] = &[
    "t2.micro",
    "t3.small",
    "m5.large",
    "t3.xlarge",
    "c5.4xlarge",
    "t4g.micro",
];

/// Documentation ranges, which the model lets an account bring.
const BYOIP_RANGES: &[&str] = &["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"];

#[derive(Debug, Clone)]
enum Op {
    Launch {
        itype: u8,
        subnet: u8,
        public: Option<bool>,
        count: u8,
        secondary: u8,
        ipv6: u8,
        hibernation: bool,
        /// Launch with two new interfaces (device indexes 0 and 1).
        two_interfaces: bool,
        /// Launch with an existing interface as eth0.
        existing: Option<u8>,
        delete_on_termination: Option<bool>,
    },
    CreateInterface {
        subnet: u8,
        secondary: u8,
        address: Option<u8>,
    },
    Attach {
        /// Mostly an available interface; sometimes any (in use, or a primary one).
        any: bool,
        eni: u8,
        instance: u8,
        device_index: u8,
    },
    Detach {
        /// Mostly a secondary interface; sometimes a primary one.
        primary: bool,
        attached: u8,
        force: bool,
    },
    DeleteInterface {
        eni: u8,
    },
    AssignPrivate {
        eni: u8,
        count: u8,
        /// Take a specific address: another interface's (by pick) or a subnet offset.
        steal_from: Option<(u8, u8)>,
        offset: Option<u8>,
        allow_reassignment: bool,
    },
    UnassignPrivate {
        eni: u8,
        which: u8,
    },
    AssignIpv6 {
        eni: u8,
        count: u8,
    },
    UnassignIpv6 {
        eni: u8,
        which: u8,
    },
    Allocate {
        byoip: bool,
        recover: Option<u8>,
    },
    Associate {
        eip: u8,
        to_instance: Option<u8>,
        eni: u8,
        which_ip: u8,
        allow_reassociation: Option<bool>,
    },
    Disassociate {
        eip: u8,
    },
    Release {
        eip: u8,
    },
    Stop {
        instance: u8,
        hibernate: bool,
    },
    Start {
        instance: u8,
    },
    Reboot {
        instance: u8,
    },
    Terminate {
        instance: u8,
    },
    Fail {
        instance: u8,
    },
    Recover {
        instance: u8,
    },
    ModifyGroups {
        eni: u8,
        group: u8,
    },
    SourceDestCheck {
        eni: u8,
        on: bool,
    },
    DeleteOnTermination {
        attached: u8,
        on: bool,
    },
    Provision {
        range: u8,
    },
    Advertise {
        range: u8,
    },
    Withdraw {
        range: u8,
    },
    Deprovision {
        range: u8,
    },
    AdvanceTime {
        hours: u8,
    },
    Describe,
}

#[derive(Debug, Clone)]
struct Step {
    op: Op,
    via_script: bool,
}

fn op_strategy() -> impl Strategy<Value = Op> {
    let small = || 0u8..8;
    prop_oneof![
        10 => (any::<u8>(), small(), proptest::option::of(any::<bool>()), 1u8..3, 0u8..4, 0u8..3,
              any::<bool>(), prop::bool::weighted(0.15), proptest::option::weighted(0.15, any::<u8>()),
              proptest::option::weighted(0.2, any::<bool>()))
            .prop_map(|(itype, subnet, public, count, secondary, ipv6, hibernation, two_interfaces, existing, delete_on_termination)| Op::Launch {
                itype, subnet, public, count, secondary, ipv6, hibernation, two_interfaces, existing, delete_on_termination,
            }),
        4 => (small(), 0u8..4, proptest::option::weighted(0.3, any::<u8>()))
            .prop_map(|(subnet, secondary, address)| Op::CreateInterface { subnet, secondary, address }),
        8 => (prop::bool::weighted(0.2), any::<u8>(), any::<u8>(), 0u8..9)
            .prop_map(|(any, eni, instance, device_index)| Op::Attach { any, eni, instance, device_index }),
        6 => (prop::bool::weighted(0.2), any::<u8>(), any::<bool>())
            .prop_map(|(primary, attached, force)| Op::Detach { primary, attached, force }),
        2 => any::<u8>().prop_map(|eni| Op::DeleteInterface { eni }),
        4 => (any::<u8>(), 0u8..4, proptest::option::weighted(0.3, (any::<u8>(), any::<u8>())),
              proptest::option::weighted(0.2, any::<u8>()), any::<bool>())
            .prop_map(|(eni, count, steal_from, offset, allow_reassignment)| Op::AssignPrivate {
                eni, count, steal_from, offset, allow_reassignment,
            }),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(eni, which)| Op::UnassignPrivate { eni, which }),
        2 => (any::<u8>(), 1u8..4).prop_map(|(eni, count)| Op::AssignIpv6 { eni, count }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(eni, which)| Op::UnassignIpv6 { eni, which }),
        4 => (prop::bool::weighted(0.25), proptest::option::weighted(0.2, any::<u8>()))
            .prop_map(|(byoip, recover)| Op::Allocate { byoip, recover }),
        5 => (any::<u8>(), proptest::option::weighted(0.3, any::<u8>()), any::<u8>(), 0u8..4,
              proptest::option::of(any::<bool>()))
            .prop_map(|(eip, to_instance, eni, which_ip, allow_reassociation)| Op::Associate {
                eip, to_instance, eni, which_ip, allow_reassociation,
            }),
        3 => any::<u8>().prop_map(|eip| Op::Disassociate { eip }),
        2 => any::<u8>().prop_map(|eip| Op::Release { eip }),
        3 => (any::<u8>(), any::<bool>()).prop_map(|(instance, hibernate)| Op::Stop { instance, hibernate }),
        3 => any::<u8>().prop_map(|instance| Op::Start { instance }),
        1 => any::<u8>().prop_map(|instance| Op::Reboot { instance }),
        2 => any::<u8>().prop_map(|instance| Op::Terminate { instance }),
        1 => any::<u8>().prop_map(|instance| Op::Fail { instance }),
        1 => any::<u8>().prop_map(|instance| Op::Recover { instance }),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(eni, group)| Op::ModifyGroups { eni, group }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(eni, on)| Op::SourceDestCheck { eni, on }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(attached, on)| Op::DeleteOnTermination { attached, on }),
        2 => any::<u8>().prop_map(|range| Op::Provision { range }),
        1 => any::<u8>().prop_map(|range| Op::Advertise { range }),
        1 => any::<u8>().prop_map(|range| Op::Withdraw { range }),
        1 => any::<u8>().prop_map(|range| Op::Deprovision { range }),
        2 => (1u8..200).prop_map(|hours| Op::AdvanceTime { hours }),
        1 => Just(Op::Describe),
    ]
}

fn steps_strategy() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (op_strategy(), any::<bool>()).prop_map(|(op, via_script)| Step { op, via_script }),
        1..60,
    )
}

/// The fixed part of every case: the default VPC with an IPv6 block and a /64 on its
/// us-east-1a subnet; a second VPC with a tiny /28 subnet in the same zone (so that the
/// subnet runs out of addresses) and its own internet gateway; one extra security group
/// in each VPC.
struct Fixture {
    subnets: Vec<SubnetId>,
    groups: Vec<SecurityGroupId>,
}

fn setup(world: &mut World) -> Fixture {
    let region = world.region_mut(REGION).unwrap();
    let default_vpc = region.vpcs().find(|v| v.is_default).unwrap().id;
    region
        .associate_vpc_cidr_block(&AssociateVpcCidrBlock {
            vpc_id: default_vpc,
            amazon_provided_ipv6_cidr_block: true,
            ..Default::default()
        })
        .unwrap();
    let block = region.vpc(default_vpc).unwrap().ipv6_blocks[0].cidr_block;
    let first64 = Ipv6Net::new(block.network(), 64).unwrap();
    let zone_a = region
        .subnets()
        .find(|s| s.default_for_az && s.availability_zone == "us-east-1a")
        .unwrap()
        .id;
    let zone_b = region
        .subnets()
        .find(|s| s.default_for_az && s.availability_zone == "us-east-1b")
        .unwrap()
        .id;
    region
        .associate_subnet_ipv6_block(zone_a, &first64.to_string())
        .unwrap();
    let other_vpc = region
        .create_vpc(&CreateVpc {
            cidr_block: Some("10.0.0.0/16".into()),
            amazon_provided_ipv6_cidr_block: false,
        })
        .unwrap()
        .vpc_id;
    let tiny = region
        .create_subnet(&CreateSubnet {
            vpc_id: other_vpc,
            cidr_block: Some("10.0.1.0/28".into()),
            availability_zone: Some("us-east-1a".into()),
            ipv6_cidr_block: None,
        })
        .unwrap()
        .subnet_id;
    let igw = region.create_internet_gateway().internet_gateway_id;
    region.attach_internet_gateway(igw, other_vpc).unwrap();
    let mut groups = Vec::new();
    for (name, vpc) in [("web", default_vpc), ("app", other_vpc)] {
        groups.push(
            region
                .create_security_group(&CreateSecurityGroup {
                    group_name: name.into(),
                    description: name.into(),
                    vpc_id: Some(vpc),
                })
                .unwrap(),
        );
    }
    groups.push(region.vpc(default_vpc).unwrap().default_security_group);
    Fixture {
        subnets: vec![zone_a, zone_b, tiny],
        groups,
    }
}

fn pick<T: Copy>(items: &[T], i: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(i) % items.len()])
}

/// Runs one step; returns what it printed (its JSON lines, or its typed result).
fn apply(world: &mut World, fx: &Fixture, step: &Step, released_eips: &[Ipv4Addr]) -> String {
    let region = world.region(REGION).unwrap();
    let instances: Vec<InstanceId> = region.instances().map(|i| i.id).collect();
    let enis: Vec<NetworkInterfaceId> = region.network_interfaces().map(|n| n.id).collect();
    let available: Vec<NetworkInterfaceId> = region
        .network_interfaces()
        .filter(|n| n.attachment.is_none())
        .map(|n| n.id)
        .collect();
    let attached: Vec<(NetworkInterfaceId, AttachmentId)> = region
        .network_interfaces()
        .filter_map(|n| n.attachment.as_ref().map(|a| (n.id, a.id)))
        .collect();
    let secondary: Vec<(NetworkInterfaceId, AttachmentId)> = region
        .network_interfaces()
        .filter(|n| !n.is_primary())
        .filter_map(|n| n.attachment.as_ref().map(|a| (n.id, a.id)))
        .collect();
    let eips: Vec<_> = region.elastic_ips().map(|e| e.allocation_id).collect();
    let pools: Vec<_> = region
        .byoip_cidrs()
        .filter_map(|b| match b.pool {
            ByoipPool::Ipv4(p) => Some(p),
            ByoipPool::Ipv6(_) => None,
        })
        .collect();
    let script = step.via_script;
    let mut out = String::new();
    let mut text = |world: &mut World, line: String| {
        let mut vars = Vars::new();
        for r in run_text(world, &mut vars, &line).expect("generated scripts parse") {
            out.push_str(&r.to_json_line());
            out.push('\n');
        }
    };
    fn typed<T: Debug>(r: T) -> String {
        format!("{r:?}\n")
    }
    macro_rules! region {
        ($world:expr) => {
            $world.region_mut(REGION).unwrap()
        };
    }
    let skip = String::new();
    match step.op.clone() {
        Op::Launch {
            itype,
            subnet,
            public,
            count,
            secondary,
            ipv6,
            hibernation,
            two_interfaces,
            existing,
            delete_on_termination,
        } => {
            let itype = TYPES[usize::from(itype) % TYPES.len()];
            let subnet = pick(&fx.subnets, subnet).unwrap();
            let existing = existing.and_then(|e| pick(&enis, e));
            let mut req = RunInstances {
                instance_type: Some(itype.into()),
                count: u32::from(count),
                hibernation_configured: hibernation,
                ..Default::default()
            };
            let secondary = (secondary > 0).then_some(u32::from(secondary));
            let ipv6 = (ipv6 > 0).then_some(u32::from(ipv6));
            if let Some(eni) = existing {
                req.network_interfaces = vec![LaunchInterface {
                    device_index: 0,
                    network_interface_id: Some(eni),
                    associate_public_ip_address: public.filter(|_| two_interfaces),
                    delete_on_termination,
                    ..Default::default()
                }];
            } else if two_interfaces {
                req.network_interfaces = (0..2)
                    .map(|i| LaunchInterface {
                        device_index: i,
                        subnet_id: Some(subnet),
                        associate_public_ip_address: public.filter(|_| i == 0),
                        secondary_private_ip_address_count: secondary,
                        delete_on_termination,
                        ..Default::default()
                    })
                    .collect();
            } else {
                req.subnet_id = Some(subnet);
                req.associate_public_ip_address = public;
                req.secondary_private_ip_address_count = secondary;
                req.ipv6_address_count = ipv6;
            }
            if script {
                let mut line = format!(
                    "aws ec2 run-instances --image-id ami-12345678 --instance-type {itype} --count {count}"
                );
                if hibernation {
                    line.push_str(" --hibernation-options Configured=true");
                }
                if let (true, Some(n)) = (req.network_interfaces.is_empty(), secondary) {
                    // The AWS CLI has no instance-level flag for a secondary address count.
                    line.push_str(&format!(
                        " --network-interfaces DeviceIndex=0,SubnetId={subnet},SecondaryPrivateIpAddressCount={n}"
                    ));
                    if let Some(p) = public {
                        line.push_str(&format!(",AssociatePublicIpAddress={p}"));
                    }
                    if let Some(n) = ipv6 {
                        line.push_str(&format!(",Ipv6AddressCount={n}"));
                    }
                } else if req.network_interfaces.is_empty() {
                    line.push_str(&format!(" --subnet-id {subnet}"));
                    match public {
                        Some(true) => line.push_str(" --associate-public-ip-address"),
                        Some(false) => line.push_str(" --no-associate-public-ip-address"),
                        None => {}
                    }
                    if let Some(n) = secondary {
                        line.push_str(&format!(" --secondary-private-ip-address-count {n}"));
                    }
                    if let Some(n) = ipv6 {
                        line.push_str(&format!(" --ipv6-address-count {n}"));
                    }
                } else {
                    line.push_str(" --network-interfaces");
                    for nic in &req.network_interfaces {
                        line.push_str(&format!(" DeviceIndex={}", nic.device_index));
                        if let Some(eni) = nic.network_interface_id {
                            line.push_str(&format!(",NetworkInterfaceId={eni}"));
                        }
                        if let Some(s) = nic.subnet_id {
                            line.push_str(&format!(",SubnetId={s}"));
                        }
                        if let Some(p) = nic.associate_public_ip_address {
                            line.push_str(&format!(",AssociatePublicIpAddress={p}"));
                        }
                        if let Some(n) = nic.secondary_private_ip_address_count {
                            line.push_str(&format!(",SecondaryPrivateIpAddressCount={n}"));
                        }
                        if let Some(d) = nic.delete_on_termination {
                            line.push_str(&format!(",DeleteOnTermination={d}"));
                        }
                    }
                }
                text(world, line);
            } else {
                return typed(region!(world).run_instances(&req));
            }
        }
        Op::CreateInterface {
            subnet,
            secondary,
            address,
        } => {
            let subnet = pick(&fx.subnets, subnet).unwrap();
            let base = region.subnet(subnet).unwrap().cidr_block;
            let address = address.map(|o| offset_address(base, o));
            if script {
                let mut line = format!("aws ec2 create-network-interface --subnet-id {subnet}");
                if secondary > 0 {
                    line.push_str(&format!(
                        " --secondary-private-ip-address-count {secondary}"
                    ));
                }
                if let Some(a) = address {
                    line.push_str(&format!(" --private-ip-address {a}"));
                }
                text(world, line);
            } else {
                return typed(
                    region!(world).create_network_interface(&CreateNetworkInterface {
                        subnet_id: subnet,
                        private_ip_address: address,
                        secondary_private_ip_address_count: u32::from(secondary),
                        ..Default::default()
                    }),
                );
            }
        }
        Op::Attach {
            any,
            eni,
            instance,
            device_index,
        } => {
            let candidates = if any { &enis } else { &available };
            let (Some(eni), Some(instance)) = (pick(candidates, eni), pick(&instances, instance))
            else {
                return skip;
            };
            if script {
                text(world, format!("aws ec2 attach-network-interface --network-interface-id {eni} --instance-id {instance} --device-index {device_index}"));
            } else {
                return typed(
                    region!(world).attach_network_interface(&AttachNetworkInterface {
                        network_interface_id: eni,
                        instance_id: instance,
                        device_index: u32::from(device_index),
                        network_card_index: 0,
                    }),
                );
            }
        }
        Op::Detach {
            primary,
            attached: a,
            force,
        } => {
            let candidates = if primary { &attached } else { &secondary };
            let Some((_, attachment)) = pick(candidates, a) else {
                return skip;
            };
            if script {
                let force = if force { " --force" } else { "" };
                text(
                    world,
                    format!("aws ec2 detach-network-interface --attachment-id {attachment}{force}"),
                );
            } else {
                return typed(region!(world).detach_network_interface(attachment, force));
            }
        }
        Op::DeleteInterface { eni } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            if script {
                text(
                    world,
                    format!("aws ec2 delete-network-interface --network-interface-id {eni}"),
                );
            } else {
                return typed(region!(world).delete_network_interface(eni));
            }
        }
        Op::AssignPrivate {
            eni,
            count,
            steal_from,
            offset,
            allow_reassignment,
        } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            let subnet = region.network_interface(eni).unwrap().subnet_id;
            let mut addresses = Vec::new();
            if let Some((holder, which)) = steal_from {
                let neighbours: Vec<Ipv4Addr> = region
                    .network_interfaces()
                    .filter(|n| n.subnet_id == subnet && n.id != eni)
                    .flat_map(|n| n.private_ips.iter().map(|ip| ip.address))
                    .collect();
                if let Some(a) = pick(&neighbours, holder.wrapping_add(which)) {
                    addresses.push(a);
                }
            }
            if let Some(o) = offset {
                addresses.push(offset_address(region.subnet(subnet).unwrap().cidr_block, o));
            }
            let count = (count > 0 || addresses.is_empty()).then_some(u32::from(count.max(1)));
            if script {
                let mut line =
                    format!("aws ec2 assign-private-ip-addresses --network-interface-id {eni}");
                if let Some(n) = count {
                    line.push_str(&format!(" --secondary-private-ip-address-count {n}"));
                }
                if !addresses.is_empty() {
                    line.push_str(" --private-ip-addresses");
                    for a in &addresses {
                        line.push_str(&format!(" {a}"));
                    }
                }
                if allow_reassignment {
                    line.push_str(" --allow-reassignment");
                }
                text(world, line);
            } else {
                return typed(region!(world).assign_private_ip_addresses(
                    &AssignPrivateIpAddresses {
                        network_interface_id: eni,
                        private_ip_addresses: addresses,
                        secondary_private_ip_address_count: count,
                        allow_reassignment,
                    },
                ));
            }
        }
        Op::UnassignPrivate { eni, which } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            let ips: Vec<Ipv4Addr> = region
                .network_interface(eni)
                .unwrap()
                .private_ips
                .iter()
                .map(|ip| ip.address)
                .collect();
            let address = pick(&ips, which).unwrap();
            if script {
                text(world, format!("aws ec2 unassign-private-ip-addresses --network-interface-id {eni} --private-ip-addresses {address}"));
            } else {
                return typed(region!(world).unassign_private_ip_addresses(eni, &[address]));
            }
        }
        Op::AssignIpv6 { eni, count } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            if script {
                text(world, format!("aws ec2 assign-ipv6-addresses --network-interface-id {eni} --ipv6-address-count {count}"));
            } else {
                return typed(region!(world).assign_ipv6_addresses(eni, &[], u32::from(count)));
            }
        }
        Op::UnassignIpv6 { eni, which } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            let ips = region
                .network_interface(eni)
                .unwrap()
                .ipv6_addresses
                .clone();
            let Some(address) = pick(&ips, which) else {
                return skip;
            };
            if script {
                text(world, format!("aws ec2 unassign-ipv6-addresses --network-interface-id {eni} --ipv6-addresses {address}"));
            } else {
                return typed(region!(world).unassign_ipv6_addresses(eni, &[address]));
            }
        }
        Op::Allocate { byoip, recover } => {
            let pool = if byoip { pick(&pools, 0) } else { None };
            let address = recover.and_then(|r| pick(released_eips, r));
            if script {
                let mut line = "aws ec2 allocate-address --domain vpc".to_string();
                if let Some(p) = pool {
                    line.push_str(&format!(" --public-ipv4-pool {p}"));
                }
                if let Some(a) = address {
                    line.push_str(&format!(" --address {a}"));
                }
                text(world, line);
            } else {
                return typed(region!(world).allocate_address(&AllocateAddress {
                    domain: Some("vpc".into()),
                    public_ipv4_pool: pool.map(|p| p.to_string()),
                    address,
                }));
            }
        }
        Op::Associate {
            eip,
            to_instance,
            eni,
            which_ip,
            allow_reassociation,
        } => {
            let Some(eip) = pick(&eips, eip) else {
                return skip;
            };
            let (instance, eni, private_ip) = match to_instance.and_then(|i| pick(&instances, i)) {
                Some(instance) => (Some(instance), None, None),
                None => {
                    let Some(eni) = pick(&enis, eni) else {
                        return skip;
                    };
                    let ips = &region.network_interface(eni).unwrap().private_ips;
                    // One past the end: an address the interface does not have.
                    let private_ip = match usize::from(which_ip) {
                        i if i < ips.len() => Some(ips[i].address),
                        i if i == ips.len() => Some(Ipv4Addr::new(172, 31, 255, 200)),
                        _ => None,
                    };
                    (None, Some(eni), private_ip)
                }
            };
            if script {
                let mut line = format!("aws ec2 associate-address --allocation-id {eip}");
                if let Some(i) = instance {
                    line.push_str(&format!(" --instance-id {i}"));
                }
                if let Some(n) = eni {
                    line.push_str(&format!(" --network-interface-id {n}"));
                }
                if let Some(p) = private_ip {
                    line.push_str(&format!(" --private-ip-address {p}"));
                }
                match allow_reassociation {
                    Some(true) => line.push_str(" --allow-reassociation"),
                    Some(false) => line.push_str(" --no-allow-reassociation"),
                    None => {}
                }
                text(world, line);
            } else {
                return typed(region!(world).associate_address(&AssociateAddress {
                    address: EipRef::Allocation(eip),
                    instance_id: instance,
                    network_interface_id: eni,
                    private_ip_address: private_ip,
                    allow_reassociation,
                }));
            }
        }
        Op::Disassociate { eip } => {
            let Some(eip) = pick(&eips, eip) else {
                return skip;
            };
            let Some(assoc) = region
                .elastic_ip(eip)
                .unwrap()
                .association
                .as_ref()
                .map(|a| a.association_id)
            else {
                return skip;
            };
            if script {
                text(
                    world,
                    format!("aws ec2 disassociate-address --association-id {assoc}"),
                );
            } else {
                return typed(region!(world).disassociate_address(Some(assoc), None));
            }
        }
        Op::Release { eip } => {
            let Some(eip) = pick(&eips, eip) else {
                return skip;
            };
            if script {
                text(
                    world,
                    format!("aws ec2 release-address --allocation-id {eip}"),
                );
            } else {
                return typed(region!(world).release_address(Some(eip), None));
            }
        }
        Op::Stop {
            instance,
            hibernate,
        } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                let h = if hibernate { " --hibernate" } else { "" };
                text(
                    world,
                    format!("aws ec2 stop-instances --instance-ids {i}{h}"),
                );
            } else {
                return typed(region!(world).stop_instances(&[i], hibernate));
            }
        }
        Op::Start { instance } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                text(world, format!("aws ec2 start-instances --instance-ids {i}"));
            } else {
                return typed(region!(world).start_instances(&[i]));
            }
        }
        Op::Reboot { instance } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                text(
                    world,
                    format!("aws ec2 reboot-instances --instance-ids {i}"),
                );
            } else {
                return typed(region!(world).reboot_instances(&[i]));
            }
        }
        Op::Terminate { instance } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                text(
                    world,
                    format!("aws ec2 terminate-instances --instance-ids {i}"),
                );
            } else {
                return typed(region!(world).terminate_instances(&[i]));
            }
        }
        Op::Fail { instance } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                text(world, format!("netlab fail-instance --instance-id {i}"));
            } else {
                return typed(region!(world).fail_instance(i));
            }
        }
        Op::Recover { instance } => {
            let Some(i) = pick(&instances, instance) else {
                return skip;
            };
            if script {
                text(world, format!("netlab recover-instance --instance-id {i}"));
            } else {
                return typed(region!(world).recover_instance(i));
            }
        }
        Op::ModifyGroups { eni, group } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            let group = pick(&fx.groups, group).unwrap();
            if script {
                text(world, format!("aws ec2 modify-network-interface-attribute --network-interface-id {eni} --groups {group}"));
            } else {
                return typed(region!(world).modify_network_interface_attribute(
                    eni,
                    InterfaceAttribute::Groups(vec![group]),
                ));
            }
        }
        Op::SourceDestCheck { eni, on } => {
            let Some(eni) = pick(&enis, eni) else {
                return skip;
            };
            if script {
                let flag = if on {
                    "--source-dest-check"
                } else {
                    "--no-source-dest-check"
                };
                text(world, format!("aws ec2 modify-network-interface-attribute --network-interface-id {eni} {flag}"));
            } else {
                return typed(region!(world).modify_network_interface_attribute(
                    eni,
                    InterfaceAttribute::SourceDestCheck(on),
                ));
            }
        }
        Op::DeleteOnTermination { attached: a, on } => {
            let Some((eni, attachment)) = pick(&attached, a) else {
                return skip;
            };
            if script {
                text(world, format!("aws ec2 modify-network-interface-attribute --network-interface-id {eni} --attachment AttachmentId={attachment},DeleteOnTermination={on}"));
            } else {
                return typed(region!(world).modify_network_interface_attribute(
                    eni,
                    InterfaceAttribute::Attachment {
                        attachment_id: attachment,
                        delete_on_termination: on,
                    },
                ));
            }
        }
        Op::Provision { range } => {
            let cidr = BYOIP_RANGES[usize::from(range) % BYOIP_RANGES.len()];
            if script {
                text(world, format!("aws ec2 provision-byoip-cidr --cidr {cidr} --cidr-authorization-context Message=m,Signature=s"));
            } else {
                return typed(region!(world).provision_byoip_cidr(&ProvisionByoipCidr {
                    cidr: cidr.into(),
                    publicly_advertisable: true,
                    authorization_message: Some("m".into()),
                    authorization_signature: Some("s".into()),
                    ..Default::default()
                }));
            }
        }
        Op::Advertise { range } | Op::Withdraw { range } | Op::Deprovision { range } => {
            let cidr = BYOIP_RANGES[usize::from(range) % BYOIP_RANGES.len()];
            let (verb, r) = match step.op {
                Op::Advertise { .. } => ("advertise", 0),
                Op::Withdraw { .. } => ("withdraw", 1),
                _ => ("deprovision", 2),
            };
            if script {
                text(world, format!("aws ec2 {verb}-byoip-cidr --cidr {cidr}"));
            } else {
                let region = region!(world);
                return typed(match r {
                    0 => region.advertise_byoip_cidr(cidr),
                    1 => region.withdraw_byoip_cidr(cidr),
                    _ => region.deprovision_byoip_cidr(cidr),
                });
            }
        }
        Op::AdvanceTime { hours } => {
            if script {
                text(world, format!("netlab advance-time --hours {hours}"));
            } else {
                world.advance_time(u64::from(hours) * 3600);
                return typed(world.now());
            }
        }
        Op::Describe => {
            text(
                world,
                "aws ec2 describe-instances\naws ec2 describe-network-interfaces\naws ec2 describe-addresses\nnetlab cost-report".into(),
            );
        }
    }
    out
}

/// The address at an offset into a subnet's block (offsets 0–3 and the last are reserved;
/// an offset past the block's end wraps inside it).
fn offset_address(block: Ipv4Net, offset: u8) -> Ipv4Addr {
    let size = 1u32 << (32 - u32::from(block.prefix_len()));
    Ipv4Addr::from(u32::from(block.network()) + u32::from(offset) % size)
}

/// What the test remembers across steps to check the history-dependent invariants.
#[derive(Default)]
struct History {
    /// Auto-assigned public IPv4 addresses held after the previous step.
    auto_held: BTreeSet<Ipv4Addr>,
    /// Auto-assigned addresses released so far: none may ever come back.
    auto_released: BTreeSet<Ipv4Addr>,
    /// Every Elastic IP ever allocated: none may turn up as an auto-assigned address.
    elastic_ever: BTreeSet<Ipv4Addr>,
    /// Amazon-pool Elastic IPs held after the previous step, and those released since.
    elastic_held: BTreeSet<Ipv4Addr>,
    elastic_released: Vec<Ipv4Addr>,
    /// Every attachment id seen: each must be found by its id exactly while it lasts.
    attachments: BTreeSet<AttachmentId>,
}

fn fail(message: String) -> Result<(), TestCaseError> {
    Err(TestCaseError::fail(message))
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return fail(format!($($fmt)*));
        }
    };
}

fn check_invariants(region: &Region, history: &mut History) -> Result<(), TestCaseError> {
    // Private IPv4: inside the interface's subnet, never reserved, never held twice; the
    // subnet's free count agrees with what its interfaces hold.
    let mut held_private: BTreeMap<SubnetId, BTreeSet<Ipv4Addr>> = BTreeMap::new();
    let mut held_ipv6 = BTreeSet::new();
    for eni in region.network_interfaces() {
        let subnet = region.subnet(eni.subnet_id).unwrap();
        let block = subnet.cidr_block;
        let size = 1u32 << (32 - u32::from(block.prefix_len()));
        ensure!(
            !eni.private_ips.is_empty(),
            "{} has no private address",
            eni.id
        );
        for (i, ip) in eni.private_ips.iter().enumerate() {
            ensure!(
                ip.primary == (i == 0),
                "{}: primary flag out of place",
                eni.id
            );
            ensure!(
                block.contains(&ip.address),
                "{} holds {} outside its subnet {block}",
                eni.id,
                ip.address
            );
            let offset = u32::from(ip.address) - u32::from(block.network());
            ensure!(
                offset >= 4 && offset != size - 1,
                "{} holds reserved address {}",
                eni.id,
                ip.address
            );
            ensure!(
                held_private
                    .entry(eni.subnet_id)
                    .or_default()
                    .insert(ip.address),
                "{} is held by two interfaces",
                ip.address
            );
        }
        for a in &eni.ipv6_addresses {
            ensure!(held_ipv6.insert(*a), "IPv6 {a} held twice");
            let block = subnet.ipv6_block.as_ref().map(|b| b.cidr_block);
            ensure!(
                block.is_some_and(|b| b.contains(a)),
                "IPv6 {a} outside its subnet's block"
            );
        }
    }
    for subnet in region.subnets() {
        let size = 1u32 << (32 - u32::from(subnet.cidr_block.prefix_len()));
        let held = held_private.get(&subnet.id).map_or(0, |s| s.len()) as u32;
        ensure!(
            subnet.available_ip_address_count() == size - 5 - held,
            "subnet {} reports {} free, but its interfaces hold {held}",
            subnet.id,
            subnet.available_ip_address_count()
        );
    }

    // Public IPv4: no address held twice; Elastic IP associations agree both ways.
    let mut public = BTreeSet::new();
    let mut auto_now = BTreeSet::new();
    for eni in region.network_interfaces() {
        for (i, ip) in eni.private_ips.iter().enumerate() {
            match ip.public {
                None => {}
                Some(PublicAddress::Amazon { public_ip }) => {
                    ensure!(
                        i == 0,
                        "{}: auto-assigned address on a secondary address",
                        eni.id
                    );
                    ensure!(public.insert(public_ip), "{public_ip} held twice");
                    auto_now.insert(public_ip);
                }
                Some(PublicAddress::Elastic {
                    public_ip,
                    allocation_id,
                    association_id,
                }) => {
                    let eip = region.elastic_ip(allocation_id);
                    ensure!(
                        eip.is_ok(),
                        "{} carries released Elastic IP {allocation_id}",
                        eni.id
                    );
                    let eip = eip.unwrap();
                    ensure!(
                        eip.public_ip == public_ip,
                        "{allocation_id}: address differs"
                    );
                    let assoc = eip.association.as_ref();
                    ensure!(
                        assoc.is_some_and(|a| a.association_id == association_id
                            && a.network_interface_id == eni.id
                            && a.private_ip == ip.address),
                        "{} {} carries {allocation_id}, whose association says {:?}",
                        eni.id,
                        ip.address,
                        assoc
                    );
                }
            }
        }
    }
    let mut amazon_eips = 0;
    for eip in region.elastic_ips() {
        ensure!(public.insert(eip.public_ip), "{} held twice", eip.public_ip);
        history.elastic_ever.insert(eip.public_ip);
        if eip.pool.is_none() {
            amazon_eips += 1;
        }
        if let Some(a) = &eip.association {
            let eni = region.network_interface(a.network_interface_id);
            ensure!(
                eni.is_ok(),
                "{} associated with a deleted interface",
                eip.allocation_id
            );
            let slot = eni
                .unwrap()
                .private_ips
                .iter()
                .find(|ip| ip.address == a.private_ip);
            ensure!(
                slot.is_some_and(|s| matches!(s.public, Some(PublicAddress::Elastic { allocation_id, association_id, .. })
                    if allocation_id == eip.allocation_id && association_id == a.association_id)),
                "{} says it is on {} {}, which does not carry it",
                eip.allocation_id,
                a.network_interface_id,
                a.private_ip
            );
        }
    }
    ensure!(
        amazon_eips <= 5,
        "{amazon_eips} Amazon-pool Elastic IPs in one Region"
    );

    // Auto-assigned addresses are never reissued once released, and never were Elastic IPs.
    for ip in history.auto_held.difference(&auto_now) {
        history.auto_released.insert(*ip);
    }
    for ip in &auto_now {
        ensure!(
            !history.auto_released.contains(ip),
            "auto-assigned {ip} was reissued after release"
        );
        ensure!(
            !history.elastic_ever.contains(ip),
            "Elastic IP {ip} reissued as an auto-assigned address"
        );
    }
    for ip in &history.auto_released {
        ensure!(
            !history.elastic_ever.contains(ip),
            "released auto-assigned {ip} became an Elastic IP"
        );
    }
    history.auto_held = auto_now;
    let amazon_eips_now: BTreeSet<Ipv4Addr> = region
        .elastic_ips()
        .filter(|e| e.pool.is_none())
        .map(|e| e.public_ip)
        .collect();
    for ip in history.elastic_held.difference(&amazon_eips_now) {
        history.elastic_released.push(*ip);
    }
    history
        .elastic_released
        .retain(|ip| !amazon_eips_now.contains(ip));
    history.elastic_held = amazon_eips_now;

    // Instances and attachments agree both ways; limits hold; every live instance keeps eth0.
    let mut on_instance = BTreeMap::new();
    for instance in region.instances() {
        let itype = instance_type(instance.instance_type.name).unwrap();
        if instance.state == InstanceState::Terminated {
            ensure!(
                instance.interfaces.is_empty(),
                "terminated {} keeps interfaces",
                instance.id
            );
            continue;
        }
        ensure!(
            instance.interfaces.contains_key(&0),
            "{} ({}) has no primary interface",
            instance.id,
            instance.state
        );
        ensure!(
            instance.interfaces.len() as u32 <= itype.max_network_interfaces,
            "{} has {} interfaces, over {}'s limit",
            instance.id,
            instance.interfaces.len(),
            itype.name
        );
        for (index, eni_id) in &instance.interfaces {
            ensure!(
                on_instance.insert(*eni_id, instance.id).is_none(),
                "{eni_id} is on two instances"
            );
            let eni = region.network_interface(*eni_id);
            ensure!(eni.is_ok(), "{} lists deleted {eni_id}", instance.id);
            let eni = eni.unwrap();
            ensure!(
                eni.attachment
                    .as_ref()
                    .is_some_and(|a| a.instance_id == instance.id && a.device_index == *index),
                "{} lists {eni_id} at {index}, whose attachment says {:?}",
                instance.id,
                eni.attachment
            );
            ensure!(
                eni.availability_zone == instance.availability_zone,
                "{eni_id} attached across zones"
            );
            ensure!(
                eni.private_ips.len() as u32 <= itype.ipv4_per_interface,
                "{eni_id} has {} IPv4 addresses, over {}'s limit",
                eni.private_ips.len(),
                itype.name
            );
            ensure!(
                eni.ipv6_addresses.len() as u32 <= itype.ipv6_per_interface,
                "{eni_id} has {} IPv6 addresses, over {}'s limit",
                eni.ipv6_addresses.len(),
                itype.name
            );
        }
    }
    let mut live_attachments = BTreeMap::new();
    for eni in region.network_interfaces() {
        if let Some(a) = &eni.attachment {
            ensure!(
                on_instance.get(&eni.id) == Some(&a.instance_id),
                "{} says it is attached to {}, which does not list it",
                eni.id,
                a.instance_id
            );
            live_attachments.insert(a.id, eni.id);
            history.attachments.insert(a.id);
        }
    }
    for attachment in &history.attachments {
        let found = region
            .interface_by_attachment(*attachment)
            .ok()
            .map(|n| n.id);
        ensure!(
            found == live_attachments.get(attachment).copied(),
            "--attachment-id {attachment} finds {found:?}, but it belongs to {:?}",
            live_attachments.get(attachment)
        );
    }

    // Billing: exactly one open holding per public address held.
    let report = region.cost_report();
    let mut open = BTreeMap::new();
    for line in report.addresses.iter().filter(|a| a.held) {
        *open.entry(line.public_ip).or_insert(0) += 1;
    }
    for ip in &public {
        ensure!(
            open.get(ip) == Some(&1),
            "{ip} is held but has {:?} open holdings",
            open.get(ip)
        );
    }
    ensure!(
        open.len() == public.len(),
        "the ledger has open holdings for addresses not held: {:?}",
        open.keys()
            .filter(|ip| !public.contains(*ip))
            .collect::<Vec<_>>()
    );
    Ok(())
}

/// Everything a learner can see, as text.
fn describe_all(world: &World) -> String {
    let region = world.region(REGION).unwrap();
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        serde_json::to_string(&region.describe_subnets(&[], &[]).unwrap()).unwrap(),
        Response::written(&region.describe_instances(&[], &[]).unwrap()).json(),
        Response::written(&region.describe_network_interfaces(&[], &[]).unwrap()).json(),
        Response::written(&region.describe_addresses(&[], &[], &[]).unwrap()).json(),
        serde_json::to_string(&region.describe_byoip_cidrs()).unwrap(),
        serde_json::to_string(&region.cost_report()).unwrap(),
    )
}

fn run_case(seed: u64, steps: &[Step]) -> Result<String, TestCaseError> {
    let mut world = World::new(seed);
    let fx = setup(&mut world);
    let mut history = History::default();
    let mut transcript = String::new();
    check_invariants(world.region(REGION).unwrap(), &mut history)?;
    for (i, step) in steps.iter().enumerate() {
        let released = history.elastic_released.clone();
        let before = world.clone();
        let printed = apply(&mut world, &fx, step, &released);
        let failed = printed.starts_with("Err(")
            || printed.starts_with("{\"line\":1,\"op\"") && printed.contains("\"ok\":false");
        if failed && describe_all(&world) != describe_all(&before) {
            return Err(TestCaseError::fail(format!(
                "after step {i} {step:?}: the step failed ({printed}) but changed the world"
            )));
        }
        transcript.push_str(&printed);
        check_invariants(world.region(REGION).unwrap(), &mut history)
            .map_err(|e| TestCaseError::fail(format!("after step {i} {step:?}: {e}")))?;
    }
    assert_ne!(world.now(), SimTime(u64::MAX));
    transcript.push_str(&describe_all(&world));
    Ok(transcript)
}

proptest! {
    #![proptest_config(Config {
        // PROPTEST_CASES=N runs more cases when hunting for bugs; CI runs 128.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn every_invariant_holds_after_every_step(seed in any::<u64>(), steps in steps_strategy()) {
        let first = run_case(seed, &steps)?;
        let second = run_case(seed, &steps)?;
        prop_assert!(first == second, "the same steps gave different output");
    }
}
