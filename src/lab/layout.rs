//! Where everything is drawn: a pure function from a Region's resources to boxes.
//!
//! The result is plain data (text lines and rectangles) that the diagram renders as it is.
//! It decides nothing about networking: which instance sits in which subnet, and which
//! address an interface has, is read from the model.
//!
//! The nesting is EC2's: the internet above the Region; the Region holds VPCs, each with
//! its internet gateway; a VPC holds its Availability Zones; an Availability Zone holds
//! the VPC's subnets there; a subnet holds the instances whose primary interface is in it,
//! and the interfaces that are not attached; an instance holds its attached interfaces by
//! device index. Availability Zones wrap into rows of `columns`, so a narrow screen stacks
//! them. Every box's height follows from its lines of text, so nothing overlaps.

use netlab_model::instance::{Instance, InstanceState};
use netlab_model::network_interface::{NetworkInterface, PublicAddress};
use netlab_model::runner::Vars;
use netlab_model::Region;
use std::collections::BTreeMap;

/// Padding inside every box.
pub const PAD: i32 = 10;
/// Height of one line of text.
pub const LINE: i32 = 16;
/// Width of a subnet's box.
pub const SUBNET_W: i32 = 236;
/// Width of an Availability Zone's column.
pub const AZ_W: i32 = SUBNET_W + 2 * PAD;
/// Gap between sibling boxes.
pub const GAP: i32 = 12;
/// Width of an instance's box.
pub const INSTANCE_W: i32 = SUBNET_W - 2 * PAD;
/// Width of an interface's box.
pub const ENI_W: i32 = INSTANCE_W - 2 * PAD;

/// Height of a box holding `lines` lines of text and nothing else.
const fn text_h(lines: i32) -> i32 {
    lines * LINE + PAD
}

/// A rectangle in diagram units (CSS pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    #[cfg(test)]
    pub fn contains(&self, inner: &Rect) -> bool {
        inner.x >= self.x
            && inner.y >= self.y
            && inner.x + inner.w <= self.x + self.w
            && inner.y + inner.h <= self.y + self.h
    }

    #[cfg(test)]
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    pub fn contains_point(&self, x: f64, y: f64) -> bool {
        x >= f64::from(self.x)
            && y >= f64::from(self.y)
            && x < f64::from(self.x + self.w)
            && y < f64::from(self.y + self.h)
    }
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub width: i32,
    pub height: i32,
    /// The internet, above the Region.
    pub internet: Rect,
    pub region: RegionBox,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegionBox {
    pub rect: Rect,
    pub name: String,
    pub vpcs: Vec<VpcBox>,
    /// Terminated instances: their interfaces are gone, so they belong to no subnet.
    pub terminated: Vec<InstanceBox>,
    /// Where the terminated instances are listed, if there are any.
    pub terminated_rect: Option<Rect>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct VpcBox {
    pub rect: Rect,
    pub id: String,
    pub name: Option<String>,
    /// The primary IPv4 block.
    pub cidr: String,
    /// Every IPv4 block, the primary first.
    pub ipv4_blocks: Vec<String>,
    pub ipv6_blocks: Vec<String>,
    pub is_default: bool,
    /// The attached internet gateway, drawn on the VPC's edge and linked to the internet.
    pub gateway: Option<GatewayBox>,
    /// Lines of the VPC's heading after its title.
    pub lines: Vec<String>,
    pub zones: Vec<ZoneBox>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GatewayBox {
    pub rect: Rect,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneBox {
    pub rect: Rect,
    pub name: String,
    pub subnets: Vec<SubnetBox>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SubnetBox {
    pub rect: Rect,
    pub id: String,
    pub name: Option<String>,
    pub availability_zone: String,
    pub cidr: String,
    pub ipv6_cidr: Option<String>,
    pub map_public_ip_on_launch: bool,
    pub default_for_az: bool,
    pub instances: Vec<InstanceBox>,
    /// Interfaces in the subnet that are attached to no instance.
    pub detached: Vec<EniBox>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct InstanceBox {
    pub rect: Rect,
    pub id: String,
    /// The script variable that holds its id (`web` for `WEB`), if any.
    pub name: Option<String>,
    pub instance_type: String,
    pub max_interfaces: u32,
    /// The state a learner sees (`running`, `stopped`, `hibernated`, `failed`...).
    pub state: String,
    pub terminated: bool,
    pub availability_zone: String,
    pub subnet_id: Option<String>,
    pub enis: Vec<EniBox>,
}

/// One private IPv4 address of an interface and its public address, if any.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AddressBox {
    pub private_ip: String,
    pub primary: bool,
    pub public_ip: Option<String>,
    /// The Elastic IP's allocation and association, when the public address is one.
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
}

/// What kind of fact a line of an interface's box shows (its style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EniLine {
    Heading,
    Id,
    Private,
    Public,
    Elastic,
    NoPublic,
    Ipv6,
    Groups,
    Mac,
    Check,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EniBox {
    pub rect: Rect,
    pub id: String,
    pub name: Option<String>,
    pub device_index: Option<u32>,
    pub attachment_id: Option<String>,
    pub instance_id: Option<String>,
    pub status: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub description: String,
    pub mac_address: String,
    pub source_dest_check: bool,
    pub addresses: Vec<AddressBox>,
    pub ipv6_addresses: Vec<String>,
    /// `(group id, group name)`.
    pub groups: Vec<(String, String)>,
    /// The primary private IPv4 address and its public address (the test hooks).
    pub private_ip: String,
    pub public_ip: Option<String>,
    /// Whether the primary address's public address is an Elastic IP.
    pub elastic: bool,
    /// The box's text, one entry per line.
    pub lines: Vec<(EniLine, String)>,
}

impl EniBox {
    /// The primary interface (device index 0): created with its instance, never moved.
    pub fn is_primary(&self) -> bool {
        self.device_index == Some(0)
    }

    /// How the interface is named to a learner: `eni-0123 (service)`.
    pub fn label(&self) -> String {
        named(&self.id, self.name.as_deref())
    }
}

impl InstanceBox {
    pub fn label(&self) -> String {
        named(&self.id, self.name.as_deref())
    }
}

/// An id followed by its name, if it has one.
pub fn named(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{id} ({name})"),
        None => id.to_string(),
    }
}

impl Diagram {
    /// Every instance drawn in a subnet, in drawing order (the keyboard's drop targets).
    pub fn instances(&self) -> impl Iterator<Item = &InstanceBox> {
        self.region
            .vpcs
            .iter()
            .flat_map(|v| &v.zones)
            .flat_map(|z| &z.subnets)
            .flat_map(|s| &s.instances)
    }

    /// Every interface drawn, attached or not.
    pub fn enis(&self) -> impl Iterator<Item = &EniBox> {
        self.region
            .vpcs
            .iter()
            .flat_map(|v| &v.zones)
            .flat_map(|z| &z.subnets)
            .flat_map(|s| s.instances.iter().flat_map(|i| &i.enis).chain(&s.detached))
    }

    pub fn eni(&self, id: &str) -> Option<&EniBox> {
        self.enis().find(|e| e.id == id)
    }

    pub fn instance(&self, id: &str) -> Option<&InstanceBox> {
        self.instances().find(|i| i.id == id)
    }

    /// The instance drawn at a point, if any (where a dragged interface is dropped).
    pub fn instance_at(&self, x: f64, y: f64) -> Option<&InstanceBox> {
        self.instances().find(|i| i.rect.contains_point(x, y))
    }
}

/// Names for ids: the script variables that hold them, as `web` for `WEB=i-...`.
pub fn names_of(vars: &Vars) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (name, value) in vars {
        let looks_like_id = value.split_once('-').is_some_and(|(prefix, rest)| {
            !prefix.is_empty()
                && prefix.bytes().all(|b| b.is_ascii_lowercase())
                && !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if looks_like_id {
            names
                .entry(value.clone())
                .or_insert_with(|| name.to_ascii_lowercase().replace('_', "-"));
        }
    }
    names
}

struct Ctx<'a> {
    region: &'a Region,
    names: BTreeMap<String, String>,
}

impl Ctx<'_> {
    fn name(&self, id: &str) -> Option<String> {
        self.names.get(id).cloned()
    }
}

/// Lays out one Region, with Availability Zones wrapped into rows of `columns` (at least 1).
/// `vars` (the session's script variables) name the resources they hold.
pub fn layout(region: &Region, vars: &Vars, columns: usize) -> Diagram {
    let ctx = Ctx {
        region,
        names: names_of(vars),
    };
    let columns = columns.max(1);
    let origin_x = PAD;
    let internet_y = PAD;
    let region_y = internet_y + text_h(1) + 2 * GAP;
    let mut y = region_y + text_h(1);
    let inner_x = origin_x + PAD;
    let mut vpcs = Vec::new();
    let mut widest = 0;
    for vpc in region.vpcs() {
        let vpc_box = layout_vpc(&ctx, vpc, inner_x, y, columns);
        y += vpc_box.rect.h + GAP;
        widest = widest.max(vpc_box.rect.w);
        vpcs.push(vpc_box);
    }
    let mut terminated = Vec::new();
    let mut terminated_rect = None;
    let gone: Vec<&Instance> = region
        .instances()
        .filter(|i| i.state == InstanceState::Terminated || i.interfaces.is_empty())
        .collect();
    if !gone.is_empty() {
        let per_row = ((widest.max(AZ_W) - PAD) / (INSTANCE_W + GAP)).max(1) as usize;
        let top = y;
        let mut row_y = y + LINE + PAD;
        for row in gone.chunks(per_row) {
            let mut x = inner_x + PAD;
            let mut row_h = 0;
            for instance in row {
                let b = layout_instance(&ctx, instance, x, row_y, None);
                x += b.rect.w + GAP;
                row_h = row_h.max(b.rect.h);
                terminated.push(b);
            }
            row_y += row_h + GAP;
        }
        let w = widest.max(AZ_W);
        terminated_rect = Some(Rect {
            x: inner_x,
            y: top,
            w,
            h: row_y - top - GAP + PAD,
        });
        widest = w;
        y = row_y - GAP + PAD + GAP;
    }
    let region_rect = Rect {
        x: origin_x,
        y: region_y,
        w: widest.max(AZ_W) + 2 * PAD,
        h: y - region_y,
    };
    Diagram {
        width: region_rect.x + region_rect.w + PAD,
        height: region_rect.y + region_rect.h + PAD,
        internet: Rect {
            x: origin_x,
            y: internet_y,
            w: region_rect.w,
            h: text_h(1),
        },
        region: RegionBox {
            rect: region_rect,
            name: region.name().to_string(),
            vpcs,
            terminated,
            terminated_rect,
        },
    }
}

fn layout_vpc(
    ctx: &Ctx<'_>,
    vpc: &netlab_model::vpc::Vpc,
    x: i32,
    y: i32,
    columns: usize,
) -> VpcBox {
    let region = ctx.region;
    let ipv4_blocks: Vec<String> = vpc
        .ipv4_blocks
        .iter()
        .map(|b| b.cidr_block.to_string())
        .collect();
    let ipv6_blocks: Vec<String> = vpc
        .ipv6_blocks
        .iter()
        .map(|b| b.cidr_block.to_string())
        .collect();
    let mut lines: Vec<String> = Vec::new();
    if ipv4_blocks.is_empty() {
        lines.push(vpc.cidr_block.to_string());
    }
    lines.extend(ipv4_blocks.iter().cloned());
    lines.extend(ipv6_blocks.iter().map(|b| format!("IPv6 {b}")));
    let gateway_id = region
        .internet_gateways()
        .find(|g| g.attached_vpc == Some(vpc.id))
        .map(|g| g.id.to_string());
    // The gateway sits on the VPC's top edge, then the title, then the blocks.
    let gateway_rows = i32::from(gateway_id.is_some());
    let head =
        text_h(1 + gateway_rows + lines.len() as i32) + if gateway_id.is_some() { 6 } else { 0 };
    let zones: Vec<&str> = region
        .availability_zones()
        .iter()
        .copied()
        .filter(|zone| {
            region
                .subnets()
                .any(|s| s.vpc_id == vpc.id && s.availability_zone == *zone)
        })
        .collect();
    let mut zone_boxes = Vec::new();
    let mut row_y = y + head;
    let mut width = AZ_W;
    for row in zones.chunks(columns) {
        let mut zx = x + PAD;
        let mut row_boxes: Vec<ZoneBox> = row
            .iter()
            .map(|zone| {
                let b = layout_zone(ctx, vpc.id, zone, zx, row_y);
                zx += AZ_W + GAP;
                b
            })
            .collect();
        // Zones of one row share its height, so the rows line up.
        let row_h = row_boxes.iter().map(|b| b.rect.h).max().unwrap_or(0);
        for b in &mut row_boxes {
            b.rect.h = row_h;
        }
        width = width.max(zx - GAP - x + PAD);
        row_y += row_h + GAP;
        zone_boxes.extend(row_boxes);
    }
    let height = if zone_boxes.is_empty() {
        head + PAD
    } else {
        row_y - GAP + PAD - y
    };
    let rect = Rect {
        x,
        y,
        w: width,
        h: height,
    };
    let gateway = gateway_id.map(|id| GatewayBox {
        rect: Rect {
            x: x + PAD,
            y: y + 4,
            w: width - 2 * PAD - 28,
            h: LINE + 6,
        },
        id,
    });
    let id = vpc.id.to_string();
    VpcBox {
        rect,
        name: ctx.name(&id),
        id,
        cidr: vpc.cidr_block.to_string(),
        ipv4_blocks,
        ipv6_blocks,
        is_default: vpc.is_default,
        gateway,
        lines,
        zones: zone_boxes,
    }
}

fn layout_zone(
    ctx: &Ctx<'_>,
    vpc_id: netlab_model::ids::VpcId,
    zone: &str,
    x: i32,
    y: i32,
) -> ZoneBox {
    let mut sy = y + text_h(1);
    let mut subnets = Vec::new();
    for subnet in ctx
        .region
        .subnets()
        .filter(|s| s.vpc_id == vpc_id && s.availability_zone == zone)
    {
        let b = layout_subnet(ctx, subnet, x + PAD, sy);
        sy += b.rect.h + GAP;
        subnets.push(b);
    }
    ZoneBox {
        rect: Rect {
            x,
            y,
            w: AZ_W,
            h: sy - GAP + PAD - y,
        },
        name: zone.to_string(),
        subnets,
    }
}

fn layout_subnet(
    ctx: &Ctx<'_>,
    subnet: &netlab_model::subnet::Subnet,
    x: i32,
    y: i32,
) -> SubnetBox {
    let region = ctx.region;
    let ipv6_cidr = subnet.ipv6_block.as_ref().map(|b| b.cidr_block.to_string());
    let head_lines = 3 + i32::from(ipv6_cidr.is_some());
    let mut iy = y + text_h(head_lines);
    let mut instances = Vec::new();
    for instance in region.instances().filter(|i| {
        i.state != InstanceState::Terminated
            && i.primary_interface()
                .and_then(|eni| region.network_interface(eni).ok())
                .is_some_and(|eni| eni.subnet_id == subnet.id)
    }) {
        let b = layout_instance(ctx, instance, x + PAD, iy, Some(subnet.id.to_string()));
        iy += b.rect.h + GAP;
        instances.push(b);
    }
    let mut detached = Vec::new();
    for eni in region
        .network_interfaces()
        .filter(|n| n.subnet_id == subnet.id && n.attachment.is_none())
    {
        let b = eni_box(ctx, eni, x + PAD, iy, INSTANCE_W);
        iy += b.rect.h + GAP;
        detached.push(b);
    }
    let id = subnet.id.to_string();
    SubnetBox {
        rect: Rect {
            x,
            y,
            w: SUBNET_W,
            h: iy - GAP + PAD - y,
        },
        name: ctx.name(&id),
        id,
        availability_zone: subnet.availability_zone.to_string(),
        cidr: subnet.cidr_block.to_string(),
        ipv6_cidr,
        map_public_ip_on_launch: subnet.map_public_ip_on_launch,
        default_for_az: subnet.default_for_az,
        instances,
        detached,
    }
}

fn layout_instance(
    ctx: &Ctx<'_>,
    instance: &Instance,
    x: i32,
    y: i32,
    subnet_id: Option<String>,
) -> InstanceBox {
    let mut ey = y + text_h(2);
    let mut enis = Vec::new();
    // `interfaces` is keyed by device index: the primary first, then eth1, eth2...
    for eni in instance
        .interfaces
        .values()
        .filter_map(|id| ctx.region.network_interface(*id).ok())
    {
        let b = eni_box(ctx, eni, x + PAD, ey, ENI_W);
        ey += b.rect.h + GAP;
        enis.push(b);
    }
    let h = if enis.is_empty() {
        text_h(2) + PAD
    } else {
        ey - GAP + PAD - y
    };
    let id = instance.id.to_string();
    InstanceBox {
        rect: Rect {
            x,
            y,
            w: INSTANCE_W,
            h,
        },
        name: ctx.name(&id),
        id,
        instance_type: instance.instance_type.name.to_string(),
        max_interfaces: instance.instance_type.max_network_interfaces,
        state: instance.display_state().to_string(),
        terminated: instance.state == InstanceState::Terminated,
        availability_zone: instance.availability_zone.to_string(),
        subnet_id,
        enis,
    }
}

fn eni_box(ctx: &Ctx<'_>, eni: &NetworkInterface, x: i32, y: i32, w: i32) -> EniBox {
    let addresses: Vec<AddressBox> = eni
        .private_ips
        .iter()
        .map(|ip| {
            let (allocation_id, association_id) = match ip.public {
                Some(PublicAddress::Elastic {
                    allocation_id,
                    association_id,
                    ..
                }) => (
                    Some(allocation_id.to_string()),
                    Some(association_id.to_string()),
                ),
                _ => (None, None),
            };
            AddressBox {
                private_ip: ip.address.to_string(),
                primary: ip.primary,
                public_ip: ip.public.map(|p| p.public_ip().to_string()),
                allocation_id,
                association_id,
            }
        })
        .collect();
    let groups: Vec<(String, String)> = eni
        .groups
        .iter()
        .map(|g| {
            let name = ctx
                .region
                .security_group(*g)
                .map(|sg| sg.name.clone())
                .unwrap_or_default();
            (g.to_string(), name)
        })
        .collect();
    let device_index = eni.attachment.as_ref().map(|a| a.device_index);
    let id = eni.id.to_string();
    let name = ctx.name(&id);
    let mut lines = Vec::new();
    lines.push((
        EniLine::Heading,
        match device_index {
            Some(0) => "eth0 · primary".to_string(),
            Some(index) => format!("eth{index} · secondary"),
            None => format!("Not attached · {}", eni.status()),
        },
    ));
    lines.push((EniLine::Id, named(&id, name.as_deref())));
    for address in &addresses {
        lines.push((EniLine::Private, format!("Private {}", address.private_ip)));
        if let Some(public) = &address.public_ip {
            if address.allocation_id.is_some() {
                lines.push((EniLine::Elastic, format!("Public {public}")));
            } else {
                lines.push((EniLine::Public, format!("Public {public}")));
            }
        }
    }
    if addresses.iter().all(|a| a.public_ip.is_none()) {
        lines.push((EniLine::NoPublic, "No public IPv4".to_string()));
    }
    for v6 in &eni.ipv6_addresses {
        lines.push((EniLine::Ipv6, format!("IPv6 {v6}")));
    }
    let group_names: Vec<&str> = groups
        .iter()
        .map(|(id, name)| {
            if name.is_empty() {
                id.as_str()
            } else {
                name.as_str()
            }
        })
        .collect();
    lines.push((EniLine::Groups, format!("SG {}", group_names.join(", "))));
    lines.push((EniLine::Mac, format!("MAC {}", eni.mac_address)));
    lines.push((
        EniLine::Check,
        format!(
            "Source/dest. check {}",
            if eni.source_dest_check { "on" } else { "off" }
        ),
    ));
    let primary = eni.private_ips.first();
    EniBox {
        rect: Rect {
            x,
            y,
            w,
            h: text_h(lines.len() as i32),
        },
        name,
        id,
        device_index,
        attachment_id: eni.attachment.as_ref().map(|a| a.id.to_string()),
        instance_id: eni.attachment.as_ref().map(|a| a.instance_id.to_string()),
        status: eni.status().to_string(),
        subnet_id: eni.subnet_id.to_string(),
        availability_zone: eni.availability_zone.to_string(),
        description: eni.description.clone(),
        mac_address: eni.mac_address.clone(),
        source_dest_check: eni.source_dest_check,
        ipv6_addresses: eni.ipv6_addresses.iter().map(|a| a.to_string()).collect(),
        groups,
        private_ip: eni.primary_private_ip().to_string(),
        public_ip: primary
            .and_then(|p| p.public)
            .map(|p| p.public_ip().to_string()),
        elastic: matches!(
            primary.and_then(|p| p.public),
            Some(PublicAddress::Elastic { .. })
        ),
        addresses,
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{default_session, run_steps, terminate_step};
    use netlab_model::world::DEFAULT_REGION;

    fn diagram_of(session: &netlab_model::session::Session, columns: usize) -> Diagram {
        layout(
            session.world().region(DEFAULT_REGION).unwrap(),
            session.vars(),
            columns,
        )
    }

    fn all_boxes(d: &Diagram) -> Vec<(&'static str, Rect, Rect)> {
        // (kind, box, parent box)
        let mut out = Vec::new();
        for vpc in &d.region.vpcs {
            out.push(("vpc", vpc.rect, d.region.rect));
            for zone in &vpc.zones {
                out.push(("zone", zone.rect, vpc.rect));
                for subnet in &zone.subnets {
                    out.push(("subnet", subnet.rect, zone.rect));
                    for instance in &subnet.instances {
                        out.push(("instance", instance.rect, subnet.rect));
                        for eni in &instance.enis {
                            out.push(("eni", eni.rect, instance.rect));
                        }
                    }
                    for eni in &subnet.detached {
                        out.push(("eni", eni.rect, subnet.rect));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn the_default_vpc_has_one_subnet_in_each_of_the_six_zones() {
        let d = diagram_of(&default_session(), 6);
        assert_eq!(d.region.name, "us-east-1");
        assert_eq!(d.region.vpcs.len(), 1);
        let vpc = &d.region.vpcs[0];
        assert!(vpc.is_default);
        assert_eq!(vpc.cidr, "172.31.0.0/16");
        let zones: Vec<&str> = vpc.zones.iter().map(|z| z.name.as_str()).collect();
        assert_eq!(
            zones,
            [
                "us-east-1a",
                "us-east-1b",
                "us-east-1c",
                "us-east-1d",
                "us-east-1e",
                "us-east-1f"
            ]
        );
        for zone in &vpc.zones {
            assert_eq!(zone.subnets.len(), 1);
            assert_eq!(zone.subnets[0].availability_zone, zone.name);
            assert!(zone.subnets[0].map_public_ip_on_launch);
        }
    }

    #[test]
    fn every_box_sits_inside_its_parent_and_the_drawing() {
        for columns in [1, 2, 3, 6] {
            let d = diagram_of(&default_session(), columns);
            let canvas = Rect {
                x: 0,
                y: 0,
                w: d.width,
                h: d.height,
            };
            assert!(canvas.contains(&d.region.rect));
            for (kind, rect, parent) in all_boxes(&d) {
                assert!(
                    parent.contains(&rect),
                    "{kind} {rect:?} outside {parent:?} ({columns} columns)"
                );
            }
        }
    }

    #[test]
    fn siblings_never_overlap_at_any_width() {
        for columns in [1, 2, 3, 6] {
            let d = diagram_of(&default_session(), columns);
            let mut groups: Vec<Vec<Rect>> = Vec::new();
            groups.push(d.region.vpcs[0].zones.iter().map(|z| z.rect).collect());
            for zone in &d.region.vpcs[0].zones {
                for subnet in &zone.subnets {
                    let mut children: Vec<Rect> = subnet.instances.iter().map(|i| i.rect).collect();
                    children.extend(subnet.detached.iter().map(|e| e.rect));
                    groups.push(children);
                    for instance in &subnet.instances {
                        groups.push(instance.enis.iter().map(|e| e.rect).collect());
                    }
                }
            }
            let internet = d.internet;
            assert!(!internet.overlaps(&d.region.rect));
            for group in groups {
                for (i, a) in group.iter().enumerate() {
                    for b in &group[i + 1..] {
                        assert!(!a.overlaps(b), "{a:?} overlaps {b:?} ({columns} columns)");
                    }
                }
            }
        }
    }

    #[test]
    fn interfaces_are_docked_by_device_index_and_a_spare_waits_in_its_subnet() {
        let d = diagram_of(&default_session(), 6);
        let subnet_a = &d.region.vpcs[0].zones[0].subnets[0];
        assert_eq!(subnet_a.instances.len(), 2);
        let web = &subnet_a.instances[0];
        assert_eq!(web.name.as_deref(), Some("web"));
        let indexes: Vec<Option<u32>> = web.enis.iter().map(|e| e.device_index).collect();
        assert_eq!(indexes, [Some(0), Some(1)]);
        assert!(web.enis[0].is_primary());
        assert!(web.enis[0].rect.y < web.enis[1].rect.y);
        let service = &web.enis[1];
        assert_eq!(service.name.as_deref(), Some("service"));
        assert!(service.elastic);
        assert_eq!(service.groups[0].1, "web");
        assert!(service
            .lines
            .iter()
            .any(|(k, t)| *k == EniLine::Elastic && t.starts_with("Public ")));
        assert!(service
            .lines
            .iter()
            .any(|(k, t)| *k == EniLine::Mac && t.contains(&service.mac_address)));
        assert_eq!(service.rect.h, text_h(service.lines.len() as i32));
        assert_eq!(subnet_a.detached.len(), 1);
        assert_eq!(subnet_a.detached[0].status, "available");
        assert_eq!(subnet_a.detached[0].name.as_deref(), Some("spare"));
    }

    #[test]
    fn a_point_finds_the_instance_drawn_there() {
        let d = diagram_of(&default_session(), 6);
        let app = d
            .instances()
            .find(|i| i.name.as_deref() == Some("app"))
            .unwrap();
        let r = app.rect;
        let hit = d
            .instance_at(f64::from(r.x + 5), f64::from(r.y + r.h - 2))
            .unwrap();
        assert_eq!(hit.id, app.id);
        assert!(d.instance_at(0.0, 0.0).is_none());
        assert_eq!(d.instances().count(), 3);
        assert_eq!(d.enis().count(), 5);
    }

    #[test]
    fn the_internet_gateway_of_the_default_vpc_is_drawn_on_its_edge() {
        let d = diagram_of(&default_session(), 6);
        let vpc = &d.region.vpcs[0];
        let gateway = vpc.gateway.as_ref().unwrap();
        assert!(gateway.id.starts_with("igw-"));
        assert!(vpc.rect.contains(&gateway.rect));
        assert!(d.internet.y + d.internet.h < vpc.rect.y);
    }

    #[test]
    fn script_variables_name_the_ids_they_hold() {
        let mut vars = Vars::new();
        vars.insert("WEB_SERVER".into(), "i-0abc".into());
        vars.insert("PORT".into(), "80".into());
        vars.insert("NOTE".into(), "hello world".into());
        let names = names_of(&vars);
        assert_eq!(names.get("i-0abc").map(String::as_str), Some("web-server"));
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn fewer_columns_make_a_narrower_taller_drawing() {
        let session = default_session();
        let wide = diagram_of(&session, 6);
        let narrow = diagram_of(&session, 1);
        assert!(narrow.width < wide.width);
        assert!(narrow.height > wide.height);
        assert!(
            narrow.width <= 360,
            "one column fits a phone: {}",
            narrow.width
        );
    }

    #[test]
    fn an_instance_shows_its_primary_interface_with_both_addresses() {
        let d = diagram_of(&default_session(), 6);
        let subnet = &d.region.vpcs[0].zones[0].subnets[0];
        let instance = &subnet.instances[0];
        assert_eq!(instance.state, "running");
        assert_eq!(instance.instance_type, "t3.micro");
        assert_eq!(instance.subnet_id.as_deref(), Some(subnet.id.as_str()));
        let eni = &instance.enis[0];
        assert_eq!(eni.device_index, Some(0));
        assert_eq!(eni.lines[0].1, "eth0 · primary");
        assert_eq!(eni.status, "in-use");
        let cidr: ipnet::Ipv4Net = subnet.cidr.parse().unwrap();
        assert!(cidr.contains(&eni.private_ip.parse::<std::net::Ipv4Addr>().unwrap()));
        assert!(eni.public_ip.is_some());
        assert!(!eni.elastic);
    }

    #[test]
    fn a_terminated_instance_leaves_its_subnet_for_the_terminated_row() {
        let mut session = default_session();
        let before = diagram_of(&session, 6);
        let id = before.region.vpcs[0].zones[0].subnets[0].instances[0]
            .id
            .clone();
        run_steps(&mut session, &terminate_step(&id)).unwrap();
        let d = diagram_of(&session, 6);
        assert_eq!(d.region.vpcs[0].zones[0].subnets[0].instances.len(), 1);
        assert_eq!(d.region.terminated.len(), 1);
        // Its secondary interface stays, unattached, in its subnet.
        assert_eq!(d.region.vpcs[0].zones[0].subnets[0].detached.len(), 2);
        let gone = &d.region.terminated[0];
        assert_eq!(gone.id, id);
        assert_eq!(gone.state, "terminated");
        assert!(gone.enis.is_empty());
        let row = d.region.terminated_rect.unwrap();
        assert!(row.contains(&gone.rect));
        assert!(d.region.rect.contains(&row));
    }
}
