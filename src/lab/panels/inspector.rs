//! The inspector: everything the model knows about the selected object, in full.

use super::actions::{inbound_rules, Target};
use super::addresses::fee_of;
use super::launch::memory_gib;
use super::menu::Env;
use crate::lab::html::{event_id, keep_drawn, push_esc};
use crate::lab::layout::{named, names_of};
use leptos::prelude::*;
use netlab_model::network_interface::PublicAddress;
use netlab_model::Region;
use std::collections::BTreeMap;

/// A titled list of facts.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

fn row(rows: &mut Vec<(String, String)>, term: &str, value: impl Into<String>) {
    rows.push((term.to_string(), value.into()));
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The facts about `target`, or `None` when it no longer exists.
pub fn inspect(
    region: &Region,
    names: &BTreeMap<String, String>,
    target: &Target,
) -> Option<Inspection> {
    let name = |id: &str| named(id, names.get(id).map(String::as_str));
    let mut rows = Vec::new();
    let title = match target {
        Target::Eni(id) => {
            let eni = region
                .network_interfaces()
                .find(|n| n.id.to_string() == *id)?;
            row(
                &mut rows,
                "Description",
                if eni.description.is_empty() {
                    "(none)".to_string()
                } else {
                    eni.description.clone()
                },
            );
            row(&mut rows, "Status", eni.status());
            match &eni.attachment {
                Some(a) => {
                    row(&mut rows, "Attached to", name(&a.instance_id.to_string()));
                    row(
                        &mut rows,
                        "Device index",
                        if a.device_index == 0 {
                            "0 (primary interface: it can never be detached)".to_string()
                        } else {
                            a.device_index.to_string()
                        },
                    );
                    row(&mut rows, "Attachment", a.id.to_string());
                }
                None => row(&mut rows, "Attached to", "nothing (available)"),
            }
            row(&mut rows, "Subnet", name(&eni.subnet_id.to_string()));
            row(&mut rows, "Availability Zone", eni.availability_zone);
            row(&mut rows, "VPC", name(&eni.vpc_id.to_string()));
            for ip in &eni.private_ips {
                let kind = if ip.primary {
                    "Primary private IPv4"
                } else {
                    "Secondary private IPv4"
                };
                let public = match ip.public {
                    None => "no public IPv4".to_string(),
                    Some(PublicAddress::Amazon { public_ip }) => {
                        format!("public {public_ip} (auto-assigned from Amazon's pool)")
                    }
                    Some(PublicAddress::Elastic {
                        public_ip,
                        allocation_id,
                        association_id,
                    }) => format!("Elastic IP {public_ip} ({allocation_id}, {association_id})"),
                };
                row(&mut rows, kind, format!("{} → {public}", ip.address));
            }
            if eni.ipv6_addresses.is_empty() {
                row(&mut rows, "IPv6 addresses", "none");
            }
            for v6 in &eni.ipv6_addresses {
                row(&mut rows, "IPv6 address", v6.to_string());
            }
            for g in &eni.groups {
                let group = region.security_group(*g).ok();
                let label = group
                    .map(|sg| format!("{} ({})", sg.name, sg.id))
                    .unwrap_or_else(|| g.to_string());
                row(&mut rows, "Security group", label);
            }
            let rules = inbound_rules(region, &eni.groups);
            if rules.is_empty() {
                row(&mut rows, "Inbound rules", "none: nothing may come in");
            }
            for (_, label) in rules {
                row(&mut rows, "Inbound rule", label);
            }
            row(&mut rows, "MAC address", eni.mac_address.clone());
            row(
                &mut rows,
                "Source/destination check",
                if eni.source_dest_check { "on" } else { "off" },
            );
            row(
                &mut rows,
                "Auto-assigned public IPv4",
                yes_no(eni.auto_assign_public_ip),
            );
            format!("Network interface {}", name(id))
        }
        Target::Instance(id) => {
            let instance = region.instances().find(|i| i.id.to_string() == *id)?;
            let t = instance.instance_type;
            row(&mut rows, "State", instance.display_state());
            row(
                &mut rows,
                "Instance type",
                format!(
                    "{} ({} vCPU, {} GiB; up to {} interfaces, {} private IPv4 each)",
                    t.name,
                    t.vcpus,
                    memory_gib(t.memory_mib),
                    t.max_network_interfaces,
                    t.ipv4_per_interface
                ),
            );
            row(&mut rows, "Availability Zone", instance.availability_zone);
            row(
                &mut rows,
                "Hibernation configured",
                yes_no(instance.hibernation_configured),
            );
            row(&mut rows, "Launched", instance.launch_time.to_string());
            if instance.interfaces.is_empty() {
                row(&mut rows, "Interfaces", "none");
            }
            for (index, eni) in &instance.interfaces {
                let detail = region
                    .network_interface(*eni)
                    .map(|n| {
                        let public = n
                            .public_ip()
                            .map(|p| format!(", public {p}"))
                            .unwrap_or_default();
                        format!(
                            "{}: {}{public}",
                            name(&eni.to_string()),
                            n.primary_private_ip()
                        )
                    })
                    .unwrap_or_else(|_| eni.to_string());
                row(&mut rows, &format!("eth{index}"), detail);
            }
            format!("Instance {}", name(id))
        }
        Target::Subnet(id) => {
            let subnet = region.subnets().find(|s| s.id.to_string() == *id)?;
            row(&mut rows, "VPC", name(&subnet.vpc_id.to_string()));
            row(&mut rows, "Availability Zone", subnet.availability_zone);
            row(&mut rows, "IPv4 CIDR block", subnet.cidr_block.to_string());
            row(
                &mut rows,
                "IPv6 CIDR block",
                subnet
                    .ipv6_block
                    .as_ref()
                    .map_or_else(|| "none".to_string(), |b| b.cidr_block.to_string()),
            );
            row(
                &mut rows,
                "Auto-assign public IPv4",
                yes_no(subnet.map_public_ip_on_launch),
            );
            row(
                &mut rows,
                "Auto-assign IPv6",
                yes_no(subnet.assign_ipv6_address_on_creation),
            );
            row(
                &mut rows,
                "Available IPv4 addresses",
                subnet.available_ip_address_count().to_string(),
            );
            row(
                &mut rows,
                "Default for its zone",
                yes_no(subnet.default_for_az),
            );
            format!("Subnet {}", name(id))
        }
        Target::Vpc(id) => {
            let vpc = region.vpcs().find(|v| v.id.to_string() == *id)?;
            row(&mut rows, "Default VPC", yes_no(vpc.is_default));
            for b in &vpc.ipv4_blocks {
                row(&mut rows, "IPv4 CIDR block", b.cidr_block.to_string());
            }
            if vpc.ipv6_blocks.is_empty() {
                row(&mut rows, "IPv6 CIDR block", "none");
            }
            for b in &vpc.ipv6_blocks {
                row(&mut rows, "IPv6 CIDR block", b.cidr_block.to_string());
            }
            let gateway = region
                .internet_gateways()
                .find(|g| g.attached_vpc == Some(vpc.id))
                .map_or_else(|| "none".to_string(), |g| g.id.to_string());
            row(&mut rows, "Internet gateway", gateway);
            format!("VPC {}", name(id))
        }
        Target::Eip(id) => {
            let eip = region
                .elastic_ips()
                .find(|e| e.allocation_id.to_string() == *id)?;
            row(&mut rows, "Public IPv4", eip.public_ip.to_string());
            row(
                &mut rows,
                "Pool",
                eip.pool
                    .map_or_else(|| "Amazon".to_string(), |p| p.to_string()),
            );
            match &eip.association {
                Some(a) => {
                    row(
                        &mut rows,
                        "Associated with",
                        format!(
                            "{} on {}",
                            a.private_ip,
                            name(&a.network_interface_id.to_string())
                        ),
                    );
                    row(&mut rows, "Association", a.association_id.to_string());
                }
                None => row(&mut rows, "Associated with", "nothing"),
            }
            row(&mut rows, "Fee so far", format!("${}", fee_of(region, id)));
            format!("Elastic IP {}", name(id))
        }
        Target::Range(cidr) => {
            let range = region.byoip_cidrs().find(|r| r.cidr.to_string() == *cidr)?;
            row(&mut rows, "State", range.state.name());
            row(&mut rows, "Pool", range.pool.to_string());
            row(
                &mut rows,
                "Publicly advertisable",
                yes_no(range.publicly_advertisable),
            );
            if !range.description.is_empty() {
                row(&mut rows, "Description", range.description.clone());
            }
            format!("BYOIP range {cidr}")
        }
    };
    Some(Inspection { title, rows })
}

/// The inspector's content: its heading, then the facts of the selected object, what
/// became of it, or how to select one.
fn inspector_markup(inspection: Option<Result<Inspection, Target>>) -> String {
    let mut out = String::from(r#"<h2 id="inspector-heading">Inspector</h2>"#);
    match inspection {
        None => out.push_str(r#"<p class="muted">Select an instance, interface, subnet or VPC (click it, or press Enter on its name) to see everything about it.</p>"#),
        Some(Err(target)) => {
            out.push_str(r#"<p class="muted">"#);
            push_esc(&mut out, &format!("The {} no longer exists.", target.describe()));
            out.push_str("</p>");
        }
        Some(Ok(inspection)) => {
            out.push_str(r#"<h3 data-testid="inspector-title">"#);
            push_esc(&mut out, &inspection.title);
            out.push_str(r#"</h3><dl class="facts">"#);
            for (term, value) in &inspection.rows {
                out.push_str("<dt>");
                push_esc(&mut out, term);
                out.push_str("</dt><dd>");
                push_esc(&mut out, value);
                out.push_str("</dd>");
            }
            out.push_str(r#"</dl><button type="button" class="link-button" id="inspector-close" data-testid="inspector-close">Clear selection</button>"#);
        }
    }
    out
}

/// The inspector, drawn as markup again when the selection or what it shows changes.
#[component]
pub fn Inspector() -> impl IntoView {
    let env = expect_context::<Env>();
    let inspection = Memo::new(move |_| {
        let target = env.ui.selected.get()?;
        let names = env.lab.with_session(|s| names_of(s.vars()));
        Some(
            env.lab
                .with_region(|r| inspect(r, &names, &target))
                .ok_or(target),
        )
    });
    let panel = NodeRef::<leptos::html::Section>::new();
    keep_drawn(panel, move || inspector_markup(inspection.get()));
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if event_id(&ev) == "inspector-close" {
            env.ui.selected.set(None);
        }
    };
    view! {
        <section
            class="panel"
            data-testid="inspector"
            aria-labelledby="inspector-heading"
            node_ref=panel
            on:click=on_click
        ></section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::default_session;
    use netlab_model::world::DEFAULT_REGION;

    #[test]
    fn the_inspector_shows_every_fact_of_an_interface() {
        let session = default_session();
        let region = session.world().region(DEFAULT_REGION).unwrap();
        let names = names_of(session.vars());
        let service = session.vars()["SERVICE"].clone();
        let i = inspect(region, &names, &Target::Eni(service.clone())).unwrap();
        assert_eq!(i.title, format!("Network interface {service} (service)"));
        let terms: Vec<&str> = i.rows.iter().map(|(t, _)| t.as_str()).collect();
        for term in [
            "Description",
            "Attached to",
            "Device index",
            "Primary private IPv4",
            "Security group",
            "Inbound rule",
            "MAC address",
            "Source/destination check",
        ] {
            assert!(terms.contains(&term), "{term}");
        }
        let private = &i
            .rows
            .iter()
            .find(|(t, _)| t == "Primary private IPv4")
            .unwrap()
            .1;
        assert!(private.contains("Elastic IP"), "{private}");
        assert!(inspect(region, &names, &Target::Eni("eni-0000000000000000f".into())).is_none());
        for target in [
            Target::Instance(session.vars()["WEB"].clone()),
            Target::Subnet(session.vars()["SUBNET_A"].clone()),
            Target::Eip(session.vars()["SERVICE_EIP"].clone()),
        ] {
            assert!(inspect(region, &names, &target).is_some(), "{target:?}");
        }
    }
}
