//! The SVG diagram: draws a [`Diagram`] exactly as [`super::layout`] placed it.
//!
//! Every drawn resource carries a stable test hook (`data-testid` plus its id), so the
//! end-to-end tests read the page as a learner sees it.

use super::layout::{Diagram, EniBox, InstanceBox, Rect, SubnetBox, VpcBox, ZoneBox, LINE, PAD};
use leptos::prelude::*;

/// Text baseline of the `n`th line (from 1) in a box.
fn line_y(rect: &Rect, n: i32) -> i32 {
    rect.y + PAD / 2 + n * LINE - 3
}

fn text_x(rect: &Rect) -> i32 {
    rect.x + PAD
}

/// The diagram of the lab's Region.
#[component]
pub fn NetworkDiagram(#[prop(into)] diagram: Signal<Diagram>) -> impl IntoView {
    move || diagram.with(render_diagram)
}

fn render_diagram(d: &Diagram) -> AnyView {
    let region = &d.region;
    let r = region.rect;
    let label = format!("Network diagram of the Region {}", region.name);
    let vpcs = region.vpcs.iter().map(render_vpc).collect_view();
    let terminated = region.terminated_rect.map(|t| {
        let instances = region.terminated.iter().map(render_instance).collect_view();
        view! {
            <g class="d-terminated" data-testid="terminated-instances">
                <rect x=t.x y=t.y width=t.w height=t.h rx="4"></rect>
                <text class="d-label" x=text_x(&t) y=line_y(&t, 1)>"Terminated instances"</text>
                {instances}
            </g>
        }
    });
    view! {
        <svg
            class="diagram"
            data-testid="diagram"
            role="group"
            aria-label=label
            width=d.width
            height=d.height
            viewBox=format!("0 0 {} {}", d.width, d.height)
        >
            <g class="d-region" data-testid="region" data-region=region.name.clone()>
                <rect x=r.x y=r.y width=r.w height=r.h rx="6"></rect>
                <text class="d-label" x=text_x(&r) y=line_y(&r, 1)>
                    {format!("Region {}", region.name)}
                </text>
                {vpcs}
                {terminated}
            </g>
        </svg>
    }
    .into_any()
}

fn render_vpc(vpc: &VpcBox) -> impl IntoView {
    let r = vpc.rect;
    let title = if vpc.is_default {
        format!("Default VPC {}", vpc.id)
    } else {
        format!("VPC {}", vpc.id)
    };
    let zones = vpc.zones.iter().map(render_zone).collect_view();
    view! {
        <g
            class="d-vpc"
            data-testid="vpc"
            data-vpc-id=vpc.id.clone()
            data-cidr=vpc.cidr.clone()
            data-default=vpc.is_default.to_string()
        >
            <rect x=r.x y=r.y width=r.w height=r.h rx="6"></rect>
            <text class="d-label" x=text_x(&r) y=line_y(&r, 1)>{title}</text>
            <text class="d-cidr" x=text_x(&r) y=line_y(&r, 2)>{vpc.cidr.clone()}</text>
            {zones}
        </g>
    }
}

fn render_zone(zone: &ZoneBox) -> impl IntoView {
    let r = zone.rect;
    let subnets = zone.subnets.iter().map(render_subnet).collect_view();
    view! {
        <g class="d-zone" data-testid="availability-zone" data-az=zone.name.clone()>
            <rect x=r.x y=r.y width=r.w height=r.h rx="4"></rect>
            <text class="d-label" x=text_x(&r) y=line_y(&r, 1)>
                {format!("Availability Zone {}", zone.name)}
            </text>
            {subnets}
        </g>
    }
}

fn render_subnet(subnet: &SubnetBox) -> impl IntoView {
    let r = subnet.rect;
    let auto = if subnet.map_public_ip_on_launch {
        "Auto-assign public IPv4: yes"
    } else {
        "Auto-assign public IPv4: no"
    };
    let class = if subnet.map_public_ip_on_launch {
        "d-subnet d-subnet-public"
    } else {
        "d-subnet"
    };
    let instances = subnet.instances.iter().map(render_instance).collect_view();
    let detached = subnet.detached.iter().map(render_eni).collect_view();
    view! {
        <g
            class=class
            data-testid="subnet"
            data-subnet-id=subnet.id.clone()
            data-az=subnet.availability_zone.clone()
            data-cidr=subnet.cidr.clone()
            data-map-public-ip-on-launch=subnet.map_public_ip_on_launch.to_string()
        >
            <rect x=r.x y=r.y width=r.w height=r.h rx="4"></rect>
            <text class="d-title" x=text_x(&r) y=line_y(&r, 1)>{subnet.id.clone()}</text>
            <text class="d-cidr" x=text_x(&r) y=line_y(&r, 2)>{subnet.cidr.clone()}</text>
            <text class="d-note" x=text_x(&r) y=line_y(&r, 3)>{auto}</text>
            {instances}
            {detached}
        </g>
    }
}

fn render_instance(instance: &InstanceBox) -> impl IntoView {
    let r = instance.rect;
    let class = format!("d-instance d-state-{}", instance.state);
    let enis = instance.enis.iter().map(render_eni).collect_view();
    view! {
        <g
            class=class
            data-testid="instance"
            data-instance-id=instance.id.clone()
            data-state=instance.state.clone()
            data-instance-type=instance.instance_type.clone()
            data-subnet-id=instance.subnet_id.clone()
        >
            <rect x=r.x y=r.y width=r.w height=r.h rx="4"></rect>
            <text class="d-title" x=text_x(&r) y=line_y(&r, 1)>{instance.id.clone()}</text>
            <text class="d-note" x=text_x(&r) y=line_y(&r, 2)>
                {format!("{} · ", instance.instance_type)}
                <tspan class="d-state">{instance.state.clone()}</tspan>
            </text>
            {enis}
        </g>
    }
}

fn render_eni(eni: &EniBox) -> impl IntoView {
    let r = eni.rect;
    let heading = match eni.device_index {
        Some(0) => "eth0 · primary interface".to_string(),
        Some(index) => format!("eth{index} · device index {index}"),
        None => format!("Not attached · {}", eni.status),
    };
    let public = match (&eni.public_ip, eni.elastic) {
        (Some(ip), true) => format!("Public {ip} (Elastic IP)"),
        (Some(ip), false) => format!("Public {ip}"),
        (None, _) => "No public IPv4".to_string(),
    };
    view! {
        <g
            class="d-eni"
            data-testid="eni"
            data-eni-id=eni.id.clone()
            data-device-index=eni.device_index.map(|i| i.to_string())
            data-status=eni.status.clone()
            data-private-ip=eni.private_ip.clone()
            data-public-ip=eni.public_ip.clone()
        >
            <rect x=r.x y=r.y width=r.w height=r.h rx="3"></rect>
            <text class="d-note" x=text_x(&r) y=line_y(&r, 1)>{heading}</text>
            <text class="d-eni-title" x=text_x(&r) y=line_y(&r, 2)>{eni.id.clone()}</text>
            <text class="d-addr" x=text_x(&r) y=line_y(&r, 3)>
                {format!("Private {}", eni.private_ip)}
            </text>
            <text class="d-addr" x=text_x(&r) y=line_y(&r, 4)>{public}</text>
        </g>
    }
}
