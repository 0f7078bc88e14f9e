//! Where everything is drawn: a pure function from a Region's resources to boxes.
//!
//! The result is plain data (text and rectangles) that the SVG diagram renders as it is.
//! It decides nothing about networking: which instance sits in which subnet, and which
//! address an interface has, is read from the model.
//!
//! The nesting is EC2's: the Region holds VPCs; a VPC holds its Availability Zones; an
//! Availability Zone holds the VPC's subnets there; a subnet holds the instances whose
//! primary interface is in it, and the interfaces that are not attached; an instance holds
//! its attached interfaces by device index. Availability Zones wrap into rows of
//! `columns`, so a narrow screen stacks them.

use netlab_model::instance::{Instance, InstanceState};
use netlab_model::network_interface::{NetworkInterface, PublicAddress};
use netlab_model::Region;

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

const ENI_H: i32 = 4 * LINE + PAD;
const INSTANCE_HEAD: i32 = 2 * LINE + PAD;
const SUBNET_HEAD: i32 = 3 * LINE + PAD;
const AZ_HEAD: i32 = LINE + PAD;
const VPC_HEAD: i32 = 2 * LINE + PAD;
const REGION_HEAD: i32 = LINE + PAD;

/// A rectangle in diagram units (SVG user units, one per CSS pixel at scale 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

#[cfg(test)]
impl Rect {
    pub fn contains(&self, inner: &Rect) -> bool {
        inner.x >= self.x
            && inner.y >= self.y
            && inner.x + inner.w <= self.x + self.w
            && inner.y + inner.h <= self.y + self.h
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub width: i32,
    pub height: i32,
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
    pub cidr: String,
    pub is_default: bool,
    pub zones: Vec<ZoneBox>,
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
    pub availability_zone: String,
    pub cidr: String,
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
    pub instance_type: String,
    /// The state a learner sees (`running`, `stopped`, `hibernated`, `failed`...).
    pub state: String,
    pub terminated: bool,
    pub subnet_id: Option<String>,
    pub enis: Vec<EniBox>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EniBox {
    pub rect: Rect,
    pub id: String,
    pub device_index: Option<u32>,
    pub status: String,
    pub private_ip: String,
    pub public_ip: Option<String>,
    /// Whether the public address is an Elastic IP (else Amazon's pool).
    pub elastic: bool,
}

/// Lays out one Region, with Availability Zones wrapped into rows of `columns` (at least 1).
pub fn layout(region: &Region, columns: usize) -> Diagram {
    let columns = columns.max(1);
    let origin_x = PAD;
    let mut y = PAD + REGION_HEAD;
    let inner_x = origin_x + PAD;
    let mut vpcs = Vec::new();
    let mut widest = 0;
    for vpc in region.vpcs() {
        let vpc_box = layout_vpc(region, vpc, inner_x, y, columns);
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
        let instance_w = SUBNET_W - 2 * PAD;
        let per_row = ((widest.max(AZ_W) - PAD) / (instance_w + GAP)).max(1) as usize;
        let top = y;
        let mut row_y = y + LINE + PAD;
        for row in gone.chunks(per_row) {
            let mut x = inner_x + PAD;
            let mut row_h = 0;
            for instance in row {
                let b = layout_instance(region, instance, x, row_y, None);
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
        y: PAD,
        w: widest.max(AZ_W) + 2 * PAD,
        h: y - PAD,
    };
    Diagram {
        width: region_rect.x + region_rect.w + PAD,
        height: region_rect.y + region_rect.h + PAD,
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
    region: &Region,
    vpc: &netlab_model::vpc::Vpc,
    x: i32,
    y: i32,
    columns: usize,
) -> VpcBox {
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
    let mut row_y = y + VPC_HEAD;
    let mut width = AZ_W;
    for row in zones.chunks(columns) {
        let mut zx = x + PAD;
        let mut row_boxes: Vec<ZoneBox> = row
            .iter()
            .map(|zone| {
                let b = layout_zone(region, vpc.id, zone, zx, row_y);
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
        VPC_HEAD + PAD
    } else {
        row_y - GAP + PAD - y
    };
    VpcBox {
        rect: Rect {
            x,
            y,
            w: width,
            h: height,
        },
        id: vpc.id.to_string(),
        cidr: vpc.cidr_block.to_string(),
        is_default: vpc.is_default,
        zones: zone_boxes,
    }
}

fn layout_zone(
    region: &Region,
    vpc_id: netlab_model::ids::VpcId,
    zone: &str,
    x: i32,
    y: i32,
) -> ZoneBox {
    let mut sy = y + AZ_HEAD;
    let mut subnets = Vec::new();
    for subnet in region
        .subnets()
        .filter(|s| s.vpc_id == vpc_id && s.availability_zone == zone)
    {
        let b = layout_subnet(region, subnet, x + PAD, sy);
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
    region: &Region,
    subnet: &netlab_model::subnet::Subnet,
    x: i32,
    y: i32,
) -> SubnetBox {
    let mut iy = y + SUBNET_HEAD;
    let mut instances = Vec::new();
    for instance in region.instances().filter(|i| {
        i.state != InstanceState::Terminated
            && i.primary_interface()
                .and_then(|eni| region.network_interface(eni).ok())
                .is_some_and(|eni| eni.subnet_id == subnet.id)
    }) {
        let b = layout_instance(region, instance, x + PAD, iy, Some(subnet.id.to_string()));
        iy += b.rect.h + GAP;
        instances.push(b);
    }
    let mut detached = Vec::new();
    for eni in region
        .network_interfaces()
        .filter(|n| n.subnet_id == subnet.id && n.attachment.is_none())
    {
        detached.push(eni_box(eni, x + PAD, iy, SUBNET_W - 2 * PAD));
        iy += ENI_H + GAP;
    }
    SubnetBox {
        rect: Rect {
            x,
            y,
            w: SUBNET_W,
            h: iy - GAP + PAD - y,
        },
        id: subnet.id.to_string(),
        availability_zone: subnet.availability_zone.to_string(),
        cidr: subnet.cidr_block.to_string(),
        map_public_ip_on_launch: subnet.map_public_ip_on_launch,
        default_for_az: subnet.default_for_az,
        instances,
        detached,
    }
}

fn layout_instance(
    region: &Region,
    instance: &Instance,
    x: i32,
    y: i32,
    subnet_id: Option<String>,
) -> InstanceBox {
    let w = SUBNET_W - 2 * PAD;
    let mut ey = y + INSTANCE_HEAD;
    let mut enis = Vec::new();
    for eni in instance
        .interfaces
        .values()
        .filter_map(|id| region.network_interface(*id).ok())
    {
        enis.push(eni_box(eni, x + PAD, ey, w - 2 * PAD));
        ey += ENI_H + GAP;
    }
    let h = if enis.is_empty() {
        INSTANCE_HEAD + PAD
    } else {
        ey - GAP + PAD - y
    };
    InstanceBox {
        rect: Rect { x, y, w, h },
        id: instance.id.to_string(),
        instance_type: instance.instance_type.name.to_string(),
        state: instance.display_state().to_string(),
        terminated: instance.state == InstanceState::Terminated,
        subnet_id,
        enis,
    }
}

fn eni_box(eni: &NetworkInterface, x: i32, y: i32, w: i32) -> EniBox {
    let public = eni.private_ips.first().and_then(|ip| ip.public);
    EniBox {
        rect: Rect { x, y, w, h: ENI_H },
        id: eni.id.to_string(),
        device_index: eni.attachment.as_ref().map(|a| a.device_index),
        status: eni.status().to_string(),
        private_ip: eni.primary_private_ip().to_string(),
        public_ip: public.map(|p| p.public_ip().to_string()),
        elastic: matches!(public, Some(PublicAddress::Elastic { .. })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{default_session, run_steps, terminate_step};
    use netlab_model::world::DEFAULT_REGION;

    fn diagram_of(session: &netlab_model::session::Session, columns: usize) -> Diagram {
        layout(session.world().region(DEFAULT_REGION).unwrap(), columns)
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
    fn sibling_zones_and_instances_do_not_overlap() {
        let d = diagram_of(&default_session(), 3);
        let zones: Vec<Rect> = d.region.vpcs[0].zones.iter().map(|z| z.rect).collect();
        for (i, a) in zones.iter().enumerate() {
            for b in &zones[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        let subnet_a = &d.region.vpcs[0].zones[0].subnets[0];
        assert_eq!(subnet_a.instances.len(), 2);
        assert!(!subnet_a.instances[0]
            .rect
            .overlaps(&subnet_a.instances[1].rect));
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
        let gone = &d.region.terminated[0];
        assert_eq!(gone.id, id);
        assert_eq!(gone.state, "terminated");
        assert!(gone.enis.is_empty());
        let row = d.region.terminated_rect.unwrap();
        assert!(row.contains(&gone.rect));
        assert!(d.region.rect.contains(&row));
    }
}
