//! The actions each object's menu offers, as the AWS CLI steps they are.
//!
//! Plain data and pure functions, tested natively: a menu item either runs a step at
//! once, opens a small form whose values complete the step, shows the object in the
//! inspector, or picks an interface up to move it. Nothing here decides what EC2 allows:
//! every item is offered, and the model answers.

use crate::session::shell_word;
use netlab_model::network_interface::PublicAddress;
use netlab_model::security_group::Peer;
use netlab_model::Region;

/// An object a menu or the inspector is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Vpc(String),
    Subnet(String),
    Instance(String),
    Eni(String),
    /// An Elastic IP, by allocation id.
    Eip(String),
    /// A BYOIP range, by CIDR.
    Range(String),
}

impl Target {
    /// A key unique among the page's menus (also an HTML id fragment).
    pub fn key(&self) -> String {
        let (kind, id) = self.parts();
        let id: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("{kind}-{id}")
    }

    /// Its kind (`instance`, `eni`, ...) and its id, as written into the page's markup.
    pub fn parts(&self) -> (&'static str, &str) {
        match self {
            Target::Vpc(id) => ("vpc", id),
            Target::Subnet(id) => ("subnet", id),
            Target::Instance(id) => ("instance", id),
            Target::Eni(id) => ("eni", id),
            Target::Eip(id) => ("eip", id),
            Target::Range(id) => ("range", id),
        }
    }

    /// The object that [`Target::parts`] wrote; `None` for an unknown kind.
    pub fn from_parts(kind: &str, id: &str) -> Option<Target> {
        let id = id.to_string();
        Some(match kind {
            "vpc" => Target::Vpc(id),
            "subnet" => Target::Subnet(id),
            "instance" => Target::Instance(id),
            "eni" => Target::Eni(id),
            "eip" => Target::Eip(id),
            "range" => Target::Range(id),
            _ => return None,
        })
    }

    /// What a learner calls it: `instance i-0123...`.
    pub fn describe(&self) -> String {
        match self {
            Target::Vpc(id) => format!("VPC {id}"),
            Target::Subnet(id) => format!("subnet {id}"),
            Target::Instance(id) => format!("instance {id}"),
            Target::Eni(id) => format!("network interface {id}"),
            Target::Eip(id) => format!("Elastic IP {id}"),
            Target::Range(id) => format!("BYOIP range {id}"),
        }
    }
}

/// What choosing a menu item does.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// Runs these AWS CLI steps.
    Run(String),
    /// Opens a form that completes a step.
    Form(FormSpec),
    /// Shows the object in the inspector.
    Inspect(Target),
    /// Picks an interface up, to move it with the keyboard.
    PickUp(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct MenuItem {
    pub label: String,
    pub act: Act,
}

fn item(label: impl Into<String>, act: Act) -> MenuItem {
    MenuItem {
        label: label.into(),
        act,
    }
}

fn run(label: impl Into<String>, step: String) -> MenuItem {
    item(label, Act::Run(step))
}

/// A form field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub input: Input,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A text box with its starting value and a hint.
    Text { value: String, hint: String },
    /// A choice of `(value, label)`.
    Select(Vec<(String, String)>),
}

fn text(label: &str, value: &str, hint: &str) -> Field {
    Field {
        label: label.to_string(),
        input: Input::Text {
            value: value.to_string(),
            hint: hint.to_string(),
        },
    }
}

fn select(label: &str, options: Vec<(String, String)>) -> Field {
    Field {
        label: label.to_string(),
        input: Input::Select(options),
    }
}

/// Which step a form completes, with what it already knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    AttachEni {
        eni: String,
    },
    AttachInstance {
        instance: String,
    },
    CreateEni {
        subnet: String,
    },
    AssignPrivateIp {
        eni: String,
    },
    UnassignPrivateIp {
        eni: String,
    },
    AssignIpv6 {
        eni: String,
    },
    UnassignIpv6 {
        eni: String,
    },
    /// Associate an Elastic IP with one of this interface's private addresses.
    AssociateToEni {
        eni: String,
    },
    /// Associate this Elastic IP with an interface's private address.
    AssociateEip {
        allocation: String,
    },
    AddInboundRule,
    RemoveInboundRule,
    SubnetIpv6 {
        subnet: String,
    },
    ProvisionByoip,
    AdvanceClock,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormSpec {
    pub title: String,
    pub fields: Vec<Field>,
    pub kind: FormKind,
}

impl FormSpec {
    /// The step the form runs with these values (one per field, in order).
    pub fn step(&self, values: &[String]) -> String {
        let v = |i: usize| values.get(i).map(|s| s.trim()).unwrap_or_default();
        match &self.kind {
            FormKind::AttachEni { eni } => format!(
                "aws ec2 attach-network-interface --network-interface-id {} --instance-id {} --device-index {}",
                shell_word(eni),
                shell_word(v(0)),
                shell_word(v(1))
            ),
            FormKind::AttachInstance { instance } => format!(
                "aws ec2 attach-network-interface --network-interface-id {} --instance-id {} --device-index {}",
                shell_word(v(0)),
                shell_word(instance),
                shell_word(v(1))
            ),
            FormKind::CreateEni { subnet } => {
                let mut step = format!(
                    "aws ec2 create-network-interface --subnet-id {}",
                    shell_word(subnet)
                );
                if !v(0).is_empty() {
                    step.push_str(&format!(" --description {}", shell_word(v(0))));
                }
                if !v(1).is_empty() {
                    step.push_str(&format!(" --private-ip-address {}", shell_word(v(1))));
                }
                step
            }
            FormKind::AssignPrivateIp { eni } => {
                let what = if v(0).is_empty() {
                    "--secondary-private-ip-address-count 1".to_string()
                } else {
                    format!("--private-ip-addresses {}", shell_word(v(0)))
                };
                format!(
                    "aws ec2 assign-private-ip-addresses --network-interface-id {} {what}",
                    shell_word(eni)
                )
            }
            FormKind::UnassignPrivateIp { eni } => format!(
                "aws ec2 unassign-private-ip-addresses --network-interface-id {} --private-ip-addresses {}",
                shell_word(eni),
                shell_word(v(0))
            ),
            FormKind::AssignIpv6 { eni } => {
                let what = if v(0).is_empty() {
                    "--ipv6-address-count 1".to_string()
                } else {
                    format!("--ipv6-addresses {}", shell_word(v(0)))
                };
                format!(
                    "aws ec2 assign-ipv6-addresses --network-interface-id {} {what}",
                    shell_word(eni)
                )
            }
            FormKind::UnassignIpv6 { eni } => format!(
                "aws ec2 unassign-ipv6-addresses --network-interface-id {} --ipv6-addresses {}",
                shell_word(eni),
                shell_word(v(0))
            ),
            FormKind::AssociateToEni { eni } => format!(
                "aws ec2 associate-address --allocation-id {} --network-interface-id {} --private-ip-address {}",
                shell_word(v(0)),
                shell_word(eni),
                shell_word(v(1))
            ),
            FormKind::AssociateEip { allocation } => {
                let (eni, ip) = v(0).split_once(' ').unwrap_or((v(0), ""));
                format!(
                    "aws ec2 associate-address --allocation-id {} --network-interface-id {} --private-ip-address {}",
                    shell_word(allocation),
                    shell_word(eni),
                    shell_word(ip)
                )
            }
            FormKind::AddInboundRule => format!(
                "aws ec2 authorize-security-group-ingress --group-id {} --protocol {} --port {} --cidr {}",
                shell_word(v(0)),
                shell_word(v(1)),
                shell_word(v(2)),
                shell_word(v(3))
            ),
            FormKind::RemoveInboundRule => {
                // The value is the rule's own flags, built by `rule_flags` from the model.
                let words: Vec<String> = v(0).split(' ').map(shell_word).collect();
                format!(
                    "aws ec2 revoke-security-group-ingress {}",
                    words.join(" ")
                )
            }
            FormKind::SubnetIpv6 { subnet } => format!(
                "aws ec2 associate-subnet-cidr-block --subnet-id {} --ipv6-cidr-block {}",
                shell_word(subnet),
                shell_word(v(0))
            ),
            FormKind::ProvisionByoip => {
                let cidr = v(0);
                format!(
                    "aws ec2 provision-byoip-cidr --cidr {} --cidr-authorization-context {}",
                    shell_word(cidr),
                    shell_word(&format!(
                        "Message=\"1|aws|123456789012|{cidr}|20991231|SHA256|RSAPSS\",Signature=\"lab-signature\""
                    ))
                )
            }
            FormKind::AdvanceClock => format!(
                "netlab advance-time --hours {}",
                shell_word(v(0))
            ),
        }
    }
}

/// The menu of an object, read from the Region as it is now.
pub fn menu_items(region: &Region, target: &Target) -> Vec<MenuItem> {
    match target {
        Target::Instance(id) => instance_items(region, id),
        Target::Eni(id) => eni_items(region, id),
        Target::Subnet(id) => subnet_items(region, id),
        Target::Vpc(id) => vpc_items(id),
        Target::Eip(id) => eip_items(region, id),
        Target::Range(cidr) => range_items(region, cidr),
    }
}

fn ids(id: &str) -> String {
    shell_word(id)
}

fn instance_items(region: &Region, id: &str) -> Vec<MenuItem> {
    let i = ids(id);
    let mut items = vec![
        item("Inspect", Act::Inspect(Target::Instance(id.to_string()))),
        run(
            "Start",
            format!("aws ec2 start-instances --instance-ids {i}"),
        ),
        run("Stop", format!("aws ec2 stop-instances --instance-ids {i}")),
        run(
            "Hibernate",
            format!("aws ec2 stop-instances --instance-ids {i} --hibernate"),
        ),
        run(
            "Reboot",
            format!("aws ec2 reboot-instances --instance-ids {i}"),
        ),
        run(
            "Fail (simulate a hardware failure)",
            format!("netlab fail-instance --instance-id {i}"),
        ),
        run(
            "Recover",
            format!("netlab recover-instance --instance-id {i}"),
        ),
    ];
    let free: Vec<(String, String)> = region
        .network_interfaces()
        .filter(|n| n.attachment.is_none())
        .map(|n| {
            (
                n.id.to_string(),
                format!(
                    "{} · {} · {}",
                    n.id,
                    n.availability_zone,
                    n.primary_private_ip()
                ),
            )
        })
        .collect();
    if !free.is_empty() {
        let next = next_device_index(region, id);
        items.push(item(
            "Attach a network interface…",
            Act::Form(FormSpec {
                title: format!("Attach a network interface to {id}"),
                fields: vec![
                    select("Network interface", free),
                    text("Device index", &next.to_string(), "1, 2, ..."),
                ],
                kind: FormKind::AttachInstance {
                    instance: id.to_string(),
                },
            }),
        ));
    }
    items.push(run(
        "Terminate",
        format!("aws ec2 terminate-instances --instance-ids {i}"),
    ));
    items
}

/// The lowest device index an instance has free (a suggestion: the model decides).
fn next_device_index(region: &Region, instance: &str) -> u32 {
    region
        .instances()
        .find(|i| i.id.to_string() == instance)
        .and_then(|i| {
            (1..).find(|n| !i.interfaces.contains_key(n) && !i.blocked_device_indexes.contains(n))
        })
        .unwrap_or(1)
}

fn eni_items(region: &Region, id: &str) -> Vec<MenuItem> {
    let Some(eni) = region.network_interfaces().find(|n| n.id.to_string() == id) else {
        return Vec::new();
    };
    let e = ids(id);
    let mut items = vec![item("Inspect", Act::Inspect(Target::Eni(id.to_string())))];
    match &eni.attachment {
        Some(attachment) => {
            items.push(item(
                "Move to another instance (keyboard)",
                Act::PickUp(id.to_string()),
            ));
            items.push(run(
                "Detach",
                format!(
                    "aws ec2 detach-network-interface --attachment-id {}",
                    ids(&attachment.id.to_string())
                ),
            ));
        }
        None => {
            let instances: Vec<(String, String)> = region
                .instances()
                .filter(|i| i.state.name() != "terminated")
                .map(|i| {
                    (
                        i.id.to_string(),
                        format!("{} · {} · {}", i.id, i.availability_zone, i.display_state()),
                    )
                })
                .collect();
            items.push(item(
                "Attach to an instance…",
                Act::Form(FormSpec {
                    title: format!("Attach {id} to an instance"),
                    fields: vec![
                        select("Instance", instances),
                        text("Device index", "1", "1, 2, ..."),
                    ],
                    kind: FormKind::AttachEni {
                        eni: id.to_string(),
                    },
                }),
            ));
            items.push(run(
                "Delete",
                format!("aws ec2 delete-network-interface --network-interface-id {e}"),
            ));
        }
    }
    items.push(item(
        "Assign a secondary private IPv4…",
        Act::Form(FormSpec {
            title: format!("Assign a secondary private IPv4 address to {id}"),
            fields: vec![text(
                "Private IPv4 address (optional)",
                "",
                "empty: the subnet picks one",
            )],
            kind: FormKind::AssignPrivateIp {
                eni: id.to_string(),
            },
        }),
    ));
    let secondary: Vec<(String, String)> = eni
        .private_ips
        .iter()
        .filter(|ip| !ip.primary)
        .map(|ip| (ip.address.to_string(), ip.address.to_string()))
        .collect();
    if !secondary.is_empty() {
        items.push(item(
            "Unassign a secondary private IPv4…",
            Act::Form(FormSpec {
                title: format!("Unassign a private IPv4 address from {id}"),
                fields: vec![select("Private IPv4 address", secondary)],
                kind: FormKind::UnassignPrivateIp {
                    eni: id.to_string(),
                },
            }),
        ));
    }
    items.push(item(
        "Assign an IPv6 address…",
        Act::Form(FormSpec {
            title: format!("Assign an IPv6 address to {id}"),
            fields: vec![text(
                "IPv6 address (optional)",
                "",
                "empty: the subnet picks one",
            )],
            kind: FormKind::AssignIpv6 {
                eni: id.to_string(),
            },
        }),
    ));
    if !eni.ipv6_addresses.is_empty() {
        items.push(item(
            "Unassign an IPv6 address…",
            Act::Form(FormSpec {
                title: format!("Unassign an IPv6 address from {id}"),
                fields: vec![select(
                    "IPv6 address",
                    eni.ipv6_addresses
                        .iter()
                        .map(|a| (a.to_string(), a.to_string()))
                        .collect(),
                )],
                kind: FormKind::UnassignIpv6 {
                    eni: id.to_string(),
                },
            }),
        ));
    }
    let eips: Vec<(String, String)> = region
        .elastic_ips()
        .map(|a| {
            let state = if a.association.is_some() {
                "associated"
            } else {
                "free"
            };
            (
                a.allocation_id.to_string(),
                format!("{} · {} · {state}", a.public_ip, a.allocation_id),
            )
        })
        .collect();
    let privates: Vec<(String, String)> = eni
        .private_ips
        .iter()
        .map(|ip| (ip.address.to_string(), ip.address.to_string()))
        .collect();
    items.push(item(
        "Associate an Elastic IP…",
        Act::Form(FormSpec {
            title: format!("Associate an Elastic IP with {id}"),
            fields: vec![
                select("Elastic IP", eips),
                select("Private IPv4 address", privates),
            ],
            kind: FormKind::AssociateToEni {
                eni: id.to_string(),
            },
        }),
    ));
    for ip in &eni.private_ips {
        if let Some(PublicAddress::Elastic {
            public_ip,
            association_id,
            ..
        }) = ip.public
        {
            items.push(run(
                format!("Disassociate Elastic IP {public_ip}"),
                format!(
                    "aws ec2 disassociate-address --association-id {}",
                    ids(&association_id.to_string())
                ),
            ));
        }
    }
    let groups: Vec<(String, String)> = eni
        .groups
        .iter()
        .map(|g| {
            let name = region
                .security_group(*g)
                .map(|sg| sg.name.clone())
                .unwrap_or_default();
            (g.to_string(), format!("{name} ({g})"))
        })
        .collect();
    items.push(item(
        "Add an inbound rule…",
        Act::Form(FormSpec {
            title: format!("Add an inbound rule to a security group of {id}"),
            fields: vec![
                select("Security group", groups),
                select(
                    "Protocol",
                    ["tcp", "udp", "icmp"]
                        .iter()
                        .map(|p| (p.to_string(), p.to_string()))
                        .collect(),
                ),
                text("Port or range", "22", "22 or 8000-8080"),
                text("Source CIDR", "0.0.0.0/0", "for example 10.0.0.0/16"),
            ],
            kind: FormKind::AddInboundRule,
        }),
    ));
    let rules = inbound_rules(region, &eni.groups);
    if !rules.is_empty() {
        items.push(item(
            "Remove an inbound rule…",
            Act::Form(FormSpec {
                title: format!("Remove an inbound rule from a security group of {id}"),
                fields: vec![select("Rule", rules)],
                kind: FormKind::RemoveInboundRule,
            }),
        ));
    }
    let check = if eni.source_dest_check {
        run(
            "Turn the source/destination check off",
            format!(
                "aws ec2 modify-network-interface-attribute --network-interface-id {e} --no-source-dest-check"
            ),
        )
    } else {
        run(
            "Turn the source/destination check on",
            format!(
                "aws ec2 modify-network-interface-attribute --network-interface-id {e} --source-dest-check"
            ),
        )
    };
    items.push(check);
    items
}

/// The inbound rules of some groups as `(revoke flags, label)`.
pub fn inbound_rules(
    region: &Region,
    groups: &[netlab_model::ids::SecurityGroupId],
) -> Vec<(String, String)> {
    let mut rules = Vec::new();
    for g in groups {
        let Ok(group) = region.security_group(*g) else {
            continue;
        };
        for rule in &group.ingress {
            let p = &rule.permission;
            let mut flags = format!("--group-id {} --protocol {}", group.id, p.protocol);
            if p.protocol != "-1" && p.from_port >= 0 {
                if p.from_port == p.to_port {
                    flags.push_str(&format!(" --port {}", p.from_port));
                } else {
                    flags.push_str(&format!(" --port {}-{}", p.from_port, p.to_port));
                }
            }
            let source = match &p.peer {
                Peer::Cidr(net) => {
                    flags.push_str(&format!(" --cidr {net}"));
                    net.to_string()
                }
                Peer::Group(source) => {
                    flags.push_str(&format!(" --source-group {source}"));
                    source.to_string()
                }
            };
            let label = format!(
                "{}: {} {} from {source}",
                group.name,
                if p.protocol == "-1" {
                    "all"
                } else {
                    &p.protocol
                },
                if p.from_port < 0 {
                    "all ports".to_string()
                } else if p.from_port == p.to_port {
                    format!("port {}", p.from_port)
                } else {
                    format!("ports {}-{}", p.from_port, p.to_port)
                }
            );
            rules.push((flags, label));
        }
    }
    rules
}

fn subnet_items(region: &Region, id: &str) -> Vec<MenuItem> {
    let s = ids(id);
    let subnet = region.subnets().find(|s| s.id.to_string() == id);
    let mut items = vec![
        item("Inspect", Act::Inspect(Target::Subnet(id.to_string()))),
        run(
            "Launch a t3.micro here",
            format!(
                "aws ec2 run-instances --image-id {} --instance-type t3.micro --subnet-id {s}",
                crate::session::LAUNCH_IMAGE_ID
            ),
        ),
        item(
            "Create a network interface…",
            Act::Form(FormSpec {
                title: format!("Create a network interface in {id}"),
                fields: vec![
                    text("Description (optional)", "", "what it is for"),
                    text(
                        "Private IPv4 address (optional)",
                        "",
                        "empty: the subnet picks one",
                    ),
                ],
                kind: FormKind::CreateEni {
                    subnet: id.to_string(),
                },
            }),
        ),
    ];
    if subnet.is_some_and(|s| s.map_public_ip_on_launch) {
        items.push(run(
            "Stop auto-assigning public IPv4",
            format!("aws ec2 modify-subnet-attribute --subnet-id {s} --no-map-public-ip-on-launch"),
        ));
    } else {
        items.push(run(
            "Auto-assign public IPv4 at launch",
            format!("aws ec2 modify-subnet-attribute --subnet-id {s} --map-public-ip-on-launch"),
        ));
    }
    let suggestion = subnet
        .and_then(|s| region.vpc(s.vpc_id).ok())
        .and_then(|v| v.ipv6_blocks.first())
        .map(|b| {
            let text = b.cidr_block.to_string();
            match text.strip_suffix("::/56") {
                Some(prefix) => format!("{prefix}::/64"),
                None => text,
            }
        })
        .unwrap_or_default();
    items.push(item(
        "Associate an IPv6 /64…",
        Act::Form(FormSpec {
            title: format!("Associate an IPv6 /64 block with {id}"),
            fields: vec![text(
                "IPv6 CIDR block (a /64 of the VPC's /56)",
                &suggestion,
                "2600:1f18:abcd:1200::/64",
            )],
            kind: FormKind::SubnetIpv6 {
                subnet: id.to_string(),
            },
        }),
    ));
    items
}

fn vpc_items(id: &str) -> Vec<MenuItem> {
    vec![
        item("Inspect", Act::Inspect(Target::Vpc(id.to_string()))),
        run(
            "Associate an Amazon IPv6 /56",
            format!(
                "aws ec2 associate-vpc-cidr-block --vpc-id {} --amazon-provided-ipv6-cidr-block",
                ids(id)
            ),
        ),
    ]
}

fn eip_items(region: &Region, id: &str) -> Vec<MenuItem> {
    let a = ids(id);
    let mut items = vec![item("Inspect", Act::Inspect(Target::Eip(id.to_string())))];
    let eip = region
        .elastic_ips()
        .find(|e| e.allocation_id.to_string() == id);
    let targets: Vec<(String, String)> = region
        .network_interfaces()
        .flat_map(|n| {
            n.private_ips.iter().map(move |ip| {
                let on = n
                    .attachment
                    .as_ref()
                    .map(|at| format!(" on {}", at.instance_id))
                    .unwrap_or_default();
                (
                    format!("{} {}", n.id, ip.address),
                    format!("{} · {}{on}", ip.address, n.id),
                )
            })
        })
        .collect();
    items.push(item(
        "Associate with a private IPv4…",
        Act::Form(FormSpec {
            title: format!("Associate {id} with an interface's private IPv4 address"),
            fields: vec![select("Interface and private IPv4 address", targets)],
            kind: FormKind::AssociateEip {
                allocation: id.to_string(),
            },
        }),
    ));
    if let Some(association) = eip.and_then(|e| e.association.as_ref()) {
        items.push(run(
            "Disassociate",
            format!(
                "aws ec2 disassociate-address --association-id {}",
                ids(&association.association_id.to_string())
            ),
        ));
    }
    items.push(run(
        "Release",
        format!("aws ec2 release-address --allocation-id {a}"),
    ));
    items
}

fn range_items(region: &Region, cidr: &str) -> Vec<MenuItem> {
    let c = ids(cidr);
    let mut items = vec![
        item("Inspect", Act::Inspect(Target::Range(cidr.to_string()))),
        run(
            "Advertise",
            format!("aws ec2 advertise-byoip-cidr --cidr {c}"),
        ),
        run(
            "Withdraw",
            format!("aws ec2 withdraw-byoip-cidr --cidr {c}"),
        ),
    ];
    if let Some(range) = region.byoip_cidrs().find(|r| r.cidr.to_string() == cidr) {
        if cidr.contains('.') {
            items.push(run(
                "Allocate an Elastic IP from its pool",
                format!(
                    "aws ec2 allocate-address --domain vpc --public-ipv4-pool {}",
                    ids(&range.pool.to_string())
                ),
            ));
        }
    }
    items.push(run(
        "Deprovision",
        format!("aws ec2 deprovision-byoip-cidr --cidr {c}"),
    ));
    items
}

/// The form that provisions a BYOIP range.
pub fn provision_form() -> FormSpec {
    FormSpec {
        title: "Provision a BYOIP range".to_string(),
        fields: vec![text(
            "Your IPv4 range (a /24 or larger) or IPv6 range",
            "203.0.113.0/24",
            "203.0.113.0/24",
        )],
        kind: FormKind::ProvisionByoip,
    }
}

/// The form that moves the simulated clock.
pub fn clock_form() -> FormSpec {
    FormSpec {
        title: "Advance the simulated clock".to_string(),
        fields: vec![text("Hours", "24", "for example 1 or 168")],
        kind: FormKind::AdvanceClock,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{default_session, run_steps};
    use netlab_model::world::DEFAULT_REGION;

    fn labels(items: &[MenuItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    fn find<'a>(items: &'a [MenuItem], label: &str) -> &'a Act {
        &items
            .iter()
            .find(|i| i.label.starts_with(label))
            .unwrap()
            .act
    }

    #[test]
    fn every_instance_action_is_an_aws_cli_or_netlab_step_the_model_accepts() {
        let mut session = default_session();
        let web = session.vars()["WEB"].clone();
        for label in ["Stop", "Start", "Reboot", "Fail", "Recover", "Terminate"] {
            let region = session.world().region(DEFAULT_REGION).unwrap();
            let items = menu_items(region, &Target::Instance(web.clone()));
            let Act::Run(step) = find(&items, label) else {
                panic!("{label} runs a step")
            };
            assert_eq!(run_steps(&mut session, step), Ok(()), "{label}: {step}");
        }
    }

    #[test]
    fn the_interface_menu_offers_what_an_interface_has() {
        let session = default_session();
        let region = session.world().region(DEFAULT_REGION).unwrap();
        let service = session.vars()["SERVICE"].clone();
        let items = menu_items(region, &Target::Eni(service.clone()));
        let all = labels(&items);
        assert!(all.contains(&"Detach"));
        assert!(all
            .iter()
            .any(|l| l.starts_with("Disassociate Elastic IP ")));
        assert!(all.contains(&"Remove an inbound rule…"));
        let Act::Form(form) = find(&items, "Remove an inbound rule") else {
            panic!()
        };
        let Input::Select(options) = &form.fields[0].input else {
            panic!()
        };
        assert_eq!(options[0].1, "web: tcp port 80 from 0.0.0.0/0");
        let mut copy = default_session();
        let step = form.step(&[options[0].0.clone()]);
        assert!(step.starts_with("aws ec2 revoke-security-group-ingress --group-id sg-"));
        assert_eq!(run_steps(&mut copy, &step), Ok(()));
        let spare = session.vars()["SPARE"].clone();
        let items = menu_items(region, &Target::Eni(spare));
        assert!(labels(&items).contains(&"Delete"));
        assert!(!labels(&items).contains(&"Detach"));
    }

    #[test]
    fn forms_quote_what_a_learner_types() {
        let form = FormSpec {
            title: String::new(),
            fields: Vec::new(),
            kind: FormKind::CreateEni {
                subnet: "subnet-1".into(),
            },
        };
        assert_eq!(
            form.step(&["my $(x) nic".into(), String::new()]),
            "aws ec2 create-network-interface --subnet-id subnet-1 --description 'my $(x) nic'"
        );
        let mut session = default_session();
        assert_eq!(
            run_steps(&mut session, &clock_form().step(&["2".into()])),
            Ok(())
        );
        assert_eq!(
            run_steps(
                &mut session,
                &provision_form().step(&["203.0.113.0/24".into()])
            ),
            Ok(())
        );
    }

    #[test]
    fn menu_keys_are_safe_html_ids() {
        assert_eq!(
            Target::Range("203.0.113.0/24".into()).key(),
            "range-203-0-113-0-24"
        );
        assert_eq!(Target::Instance("i-01".into()).key(), "instance-i-01");
    }

    #[test]
    fn a_target_is_read_back_from_its_parts() {
        for target in [
            Target::Vpc("vpc-01".into()),
            Target::Subnet("subnet-01".into()),
            Target::Instance("i-01".into()),
            Target::Eni("eni-01".into()),
            Target::Eip("eipalloc-01".into()),
            Target::Range("203.0.113.0/24".into()),
        ] {
            let (kind, id) = target.parts();
            assert_eq!(Target::from_parts(kind, id), Some(target.clone()));
        }
        assert_eq!(Target::from_parts("script", "x"), None);
    }
}
