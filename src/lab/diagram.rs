//! The network diagram: draws a [`Diagram`] exactly where [`super::layout`] placed it, as
//! nested, absolutely positioned HTML boxes (so that every control in it is a real,
//! focusable HTML control), and wires the gestures: selection, menus, and moving an
//! interface with the pointer or the keyboard ([`super::drag`]).
//!
//! Every drawn resource carries a stable test hook (`data-testid` plus its id), so the
//! end-to-end tests read the page as a learner sees it.

use super::drag;
use super::layout::{
    Diagram, EniBox, EniLine, InstanceBox, Rect, SubnetBox, VpcBox, ZoneBox, LINE, PAD,
};
use super::panels::actions::Target;
use super::panels::menu::{object_menu, Env};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The instructions read with every drawn interface.
const ENI_HELP_ID: &str = "eni-move-help";

/// `left/top/width/height` of a box inside its parent.
fn place(r: &Rect, parent: &Rect) -> String {
    format!(
        "left:{}px;top:{}px;width:{}px;height:{}px",
        r.x - parent.x,
        r.y - parent.y,
        r.w,
        r.h
    )
}

/// Where a menu button sits: the top right corner of `r`, inside `parent`.
fn corner(r: &Rect, parent: &Rect) -> String {
    format!(
        "left:{}px;top:{}px",
        r.x - parent.x + r.w - 26,
        r.y - parent.y + 2
    )
}

/// The diagram of the lab's Region.
#[component]
pub fn NetworkDiagram(
    diagram: Memo<Diagram>,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let env = expect_context::<Env>();
    let size = move || diagram.with(|d| format!("width:{}px;height:{}px", d.width, d.height));
    let label =
        move || diagram.with(|d| format!("Network diagram of the Region {}", d.region.name));
    view! {
        <div class="diagram" data-testid="diagram" role="group" aria-label=label style=size node_ref=node_ref>
            <p id=ENI_HELP_ID class="visually-hidden">
                "Press Enter or Space to pick this interface up, then choose an instance with the arrow keys or Tab and press Enter to move it there; Escape cancels. With a pointer, drag it onto an instance."
            </p>
            {move || diagram.with(|d| render_diagram(env, d, node_ref))}
            {move || render_ghost(env, diagram)}
            {move || render_refusal(env, diagram)}
        </div>
    }
}

fn render_diagram(env: Env, d: &Diagram, node_ref: NodeRef<leptos::html::Div>) -> AnyView {
    let origin = Rect::default();
    let region = &d.region;
    let r = region.rect;
    let vpcs = region
        .vpcs
        .iter()
        .map(|v| render_vpc(env, v, &r, node_ref))
        .collect_view();
    let terminated = region.terminated_rect.map(|t| {
        let instances = region
            .terminated
            .iter()
            .map(|i| render_instance(env, i, &t, node_ref))
            .collect_view();
        view! {
            <div class="d-box d-terminated" data-testid="terminated-instances" style=place(&t, &r)>
                <div class="d-line d-label">"Terminated instances"</div>
                {instances}
            </div>
        }
    });
    let links = region
        .vpcs
        .iter()
        .filter_map(|v| v.gateway.as_ref())
        .map(|g| {
            let top = d.internet.y + d.internet.h;
            let style = format!(
                "left:{}px;top:{}px;height:{}px",
                g.rect.x + g.rect.w - 18,
                top,
                g.rect.y - top
            );
            view! { <div class="d-link" aria-hidden="true" style=style></div> }
        })
        .collect_view();
    view! {
        <div class="d-box d-internet" data-testid="internet" style=place(&d.internet, &origin)>
            <div class="d-line d-label">"Internet"</div>
        </div>
        <div
            class="d-box d-region"
            data-testid="region"
            data-region=region.name.clone()
            role="group"
            aria-label=format!("Region {}", region.name)
            style=place(&r, &origin)
        >
            <div class="d-line d-label">{format!("Region {}", region.name)}</div>
            {vpcs}
            {terminated}
        </div>
        {links}
    }
    .into_any()
}

/// The title of a box: a button that shows the object in the inspector.
fn title_button(env: Env, target: Target, text: String, testid: &'static str) -> impl IntoView {
    let label = format!("Inspect {}", target.describe());
    view! {
        <button
            type="button"
            class="d-title-button"
            data-testid=testid
            aria-label=label
            on:click=move |_| env.ui.selected.set(Some(target.clone()))
        >
            {text}
        </button>
    }
}

fn render_vpc(
    env: Env,
    vpc: &VpcBox,
    parent: &Rect,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let r = vpc.rect;
    let kind = if vpc.is_default { "Default VPC" } else { "VPC" };
    let title = match &vpc.name {
        Some(name) => format!("{kind} {} ({name})", vpc.id),
        None => format!("{kind} {}", vpc.id),
    };
    let gateway = vpc.gateway.as_ref().map(|g| {
        let style = place(&g.rect, &r);
        view! {
            <div class="d-gateway" data-testid="internet-gateway" data-igw-id=g.id.clone() style=style>
                {format!("Internet gateway {}", g.id)}
            </div>
        }
    });
    let padding = if vpc.gateway.is_some() {
        format!(";padding-top:{}px", PAD / 2 + LINE + 6)
    } else {
        String::new()
    };
    let lines = vpc
        .lines
        .iter()
        .map(|l| view! { <div class="d-line d-cidr">{l.clone()}</div> })
        .collect_view();
    let zones = vpc
        .zones
        .iter()
        .map(|z| render_zone(env, z, &r, node_ref))
        .collect_view();
    let menu_style = format!("left:{}px;top:2px", r.w - 26);
    let aria = title.clone();
    view! {
        <div
            class="d-box d-vpc"
            data-testid="vpc"
            data-vpc-id=vpc.id.clone()
            data-cidr=vpc.cidr.clone()
            data-ipv6-cidr=vpc.ipv6_blocks.first().cloned()
            data-default=vpc.is_default.to_string()
            role="group"
            aria-label=aria
            style=format!("{}{padding}", place(&r, parent))
        >
            {gateway}
            <div class="d-line d-label">
                {title_button(env, Target::Vpc(vpc.id.clone()), title, "vpc-title")}
            </div>
            {lines}
            <div class="d-corner" style=menu_style>
                {object_menu(env, Target::Vpc(vpc.id.clone()))}
            </div>
            {zones}
        </div>
    }
}

fn render_zone(
    env: Env,
    zone: &ZoneBox,
    parent: &Rect,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let r = zone.rect;
    let subnets = zone
        .subnets
        .iter()
        .map(|s| render_subnet(env, s, &r, node_ref))
        .collect_view();
    view! {
        <div class="d-box d-zone" data-testid="availability-zone" data-az=zone.name.clone() style=place(&r, parent)>
            <div class="d-line d-label">{format!("Availability Zone {}", zone.name)}</div>
            {subnets}
        </div>
    }
}

fn render_subnet(
    env: Env,
    subnet: &SubnetBox,
    parent: &Rect,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let r = subnet.rect;
    let auto = if subnet.map_public_ip_on_launch {
        "Auto-assign public IPv4: yes"
    } else {
        "Auto-assign public IPv4: no"
    };
    let class = if subnet.map_public_ip_on_launch {
        "d-box d-subnet d-subnet-public"
    } else {
        "d-box d-subnet"
    };
    let title = match &subnet.name {
        Some(name) => format!("{} ({name})", subnet.id),
        None => subnet.id.clone(),
    };
    let ipv6 = subnet
        .ipv6_cidr
        .clone()
        .map(|c| view! { <div class="d-line d-cidr">{format!("IPv6 {c}")}</div> });
    let instances = subnet
        .instances
        .iter()
        .map(|i| render_instance(env, i, &r, node_ref))
        .collect_view();
    let detached = subnet
        .detached
        .iter()
        .map(|e| render_eni(env, e, &r, node_ref))
        .collect_view();
    let menu_style = format!("left:{}px;top:2px", r.w - 26);
    let aria = format!("Subnet {title}");
    view! {
        <div
            class=class
            data-testid="subnet"
            data-subnet-id=subnet.id.clone()
            data-az=subnet.availability_zone.clone()
            data-cidr=subnet.cidr.clone()
            data-ipv6-cidr=subnet.ipv6_cidr.clone()
            data-map-public-ip-on-launch=subnet.map_public_ip_on_launch.to_string()
            role="group"
            aria-label=aria
            style=place(&r, parent)
        >
            <div class="d-line d-title">
                {title_button(env, Target::Subnet(subnet.id.clone()), title, "subnet-title")}
            </div>
            <div class="d-line d-cidr">{subnet.cidr.clone()}</div>
            {ipv6}
            <div class="d-line d-note">{auto}</div>
            <div class="d-corner" style=menu_style>
                {object_menu(env, Target::Subnet(subnet.id.clone()))}
            </div>
            {instances}
            {detached}
        </div>
    }
}

fn render_instance(
    env: Env,
    instance: &InstanceBox,
    parent: &Rect,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let r = instance.rect;
    let state_class = instance.state.clone();
    let class = {
        let state = state_class.clone();
        let id = instance.id.clone();
        move || {
            let base = format!("d-box d-instance d-state-{state}");
            if env.drag.target.with(|t| t.as_deref() == Some(id.as_str())) {
                format!("{base} d-drop-target")
            } else {
                base
            }
        }
    };
    let title = instance.label();
    let enis = instance
        .enis
        .iter()
        .map(|e| render_eni(env, e, &r, node_ref))
        .collect_view();
    let menu_style = format!("left:{}px;top:2px", r.w - 26);
    let aria = format!(
        "Instance {title}, {}, {}",
        instance.instance_type, instance.state
    );
    view! {
        <div
            class=class
            data-testid="instance"
            data-instance-id=instance.id.clone()
            data-state=instance.state.clone()
            data-instance-type=instance.instance_type.clone()
            data-subnet-id=instance.subnet_id.clone()
            data-az=instance.availability_zone.clone()
            role="group"
            aria-label=aria
            style=place(&r, parent)
        >
            <div class="d-line d-title">
                {title_button(env, Target::Instance(instance.id.clone()), title, "instance-title")}
            </div>
            <div class="d-line d-note">
                {format!("{} · ", instance.instance_type)}
                <span class="d-state">{instance.state.clone()}</span>
            </div>
            <div class="d-corner" style=menu_style>
                {object_menu(env, Target::Instance(instance.id.clone()))}
            </div>
            {enis}
        </div>
    }
}

/// A short summary of an interface, read by screen readers as the control's name.
fn eni_summary(eni: &EniBox) -> String {
    let mut parts = vec![format!("Network interface {}", eni.label())];
    parts.push(match eni.device_index {
        Some(0) => "eth0, primary, fixed to its instance".to_string(),
        Some(i) => format!("eth{i}, secondary"),
        None => "not attached".to_string(),
    });
    for line in &eni.lines {
        match line.0 {
            EniLine::Heading | EniLine::Id => {}
            EniLine::Elastic => parts.push(format!("{} (Elastic IP)", line.1)),
            _ => parts.push(line.1.clone()),
        }
    }
    parts.join(", ")
}

fn render_eni(
    env: Env,
    eni: &EniBox,
    parent: &Rect,
    node_ref: NodeRef<leptos::html::Div>,
) -> impl IntoView {
    let r = eni.rect;
    let id = eni.id.clone();
    let class = {
        let id = id.clone();
        let base = if eni.is_primary() {
            "d-box d-eni d-eni-primary"
        } else {
            "d-box d-eni"
        };
        move || {
            let mut class = base.to_string();
            if env.drag.is_carrying(&id) {
                class.push_str(" d-lifted");
            }
            if env
                .ui
                .selected
                .with(|s| matches!(s, Some(Target::Eni(e)) if *e == id))
            {
                class.push_str(" d-selected");
            }
            class
        }
    };
    let lines = eni
        .lines
        .iter()
        .map(|(kind, text)| {
            let (class, badge) = match kind {
                EniLine::Heading => ("d-line d-eni-head", None),
                EniLine::Id => ("d-line d-eni-title", None),
                EniLine::Private | EniLine::Public | EniLine::Ipv6 | EniLine::Mac => {
                    ("d-line d-addr", None)
                }
                EniLine::Elastic => ("d-line d-addr", Some("EIP")),
                _ => ("d-line d-note", None),
            };
            let lock = (*kind == EniLine::Heading && eni.is_primary()).then(|| {
                view! {
                    <svg class="d-lock" viewBox="0 0 12 12" width="11" height="11" aria-hidden="true">
                        <rect x="2" y="5" width="8" height="6" rx="1"></rect>
                        <path d="M4 5V3.5a2 2 0 0 1 4 0V5" fill="none"></path>
                    </svg>
                }
            });
            let badge = badge.map(|b| view! { " " <span class="d-badge" title="Elastic IP">{b}</span> });
            view! { <div class=class title=text.clone()>{lock}{text.clone()}{badge}</div> }
        })
        .collect_view();
    let pointer_down = {
        move |ev: leptos::ev::PointerEvent| {
            if ev.button() != 0 {
                return;
            }
            if let Some(el) = ev
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
            drag::pointer_down(
                env.drag,
                ev.pointer_id(),
                f64::from(ev.client_x()),
                f64::from(ev.client_y()),
            );
        }
    };
    let pointer_move = {
        let id = id.clone();
        move |ev: leptos::ev::PointerEvent| {
            let Some(el) = node_ref.get_untracked() else {
                return;
            };
            let bounds = el.get_bounding_client_rect();
            let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            let point = (client.0 - bounds.left(), client.1 - bounds.top());
            let dragging = env.ui.diagram.with_untracked(|d| {
                drag::pointer_move(env.drag, d, &id, ev.pointer_id(), client, point)
            });
            if dragging {
                ev.prevent_default();
            }
        }
    };
    let pointer_up = {
        let id = id.clone();
        move |ev: leptos::ev::PointerEvent| {
            let diagram = env.ui.diagram.get_untracked();
            drag::pointer_up(env.lab, env.drag, &diagram, &id, ev.pointer_id());
        }
    };
    let click = {
        let id = id.clone();
        move |_| {
            if env.drag.suppress_click.get_value() {
                env.drag.suppress_click.set_value(false);
                return;
            }
            env.ui.selected.set(Some(Target::Eni(id.clone())));
        }
    };
    let keydown = {
        let id = id.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let key = ev.key();
            let diagram = env.ui.diagram.get_untracked();
            if drag::on_eni_key(env.lab, env.drag, &diagram, &id, &key, ev.shift_key()) {
                ev.prevent_default();
                if key == "Enter" || key == " " {
                    env.ui.selected.set(Some(Target::Eni(id.clone())));
                }
            }
        }
    };
    let blur = {
        let id = id.clone();
        move |_| {
            // Leaving the interface while carrying it cancels the keyboard move.
            let carrying = env
                .drag
                .carry
                .with_untracked(|c| c.as_ref().is_some_and(|c| c.by_keyboard && c.eni == id));
            if carrying {
                let diagram = env.ui.diagram.get_untracked();
                drag::on_eni_key(env.lab, env.drag, &diagram, &id, "Escape", false);
            }
        }
    };
    let menu_style = corner(&r, parent);
    view! {
        <div
            class=class
            data-testid="eni"
            data-eni-id=eni.id.clone()
            data-device-index=eni.device_index.map(|i| i.to_string())
            data-status=eni.status.clone()
            data-private-ip=eni.private_ip.clone()
            data-public-ip=eni.public_ip.clone()
            data-elastic-ip=eni.elastic.then(|| eni.public_ip.clone()).flatten()
            data-mac=eni.mac_address.clone()
            role="button"
            tabindex="0"
            aria-label=eni_summary(eni)
            aria-describedby=ENI_HELP_ID
            style=place(&r, parent)
            on:pointerdown=pointer_down
            on:pointermove=pointer_move
            on:pointerup=pointer_up
            on:pointercancel=move |_| drag::pointer_cancel(env.drag)
            on:click=click
            on:keydown=keydown
            on:blur=blur
        >
            {lines}
        </div>
        <div class="d-corner" style=menu_style>
            {object_menu(env, Target::Eni(eni.id.clone()))}
        </div>
    }
}

fn render_ghost(env: Env, diagram: Memo<Diagram>) -> Option<AnyView> {
    let (x, y) = env.drag.ghost.get()?;
    let carry = env.drag.carry.get()?;
    let label = diagram.with(|d| {
        d.eni(&carry.eni)
            .map(|e| format!("{} · {}", e.label(), e.private_ip))
            .unwrap_or_else(|| carry.eni.clone())
    });
    let style = format!("left:{}px;top:{}px", x + 8, y + 8);
    Some(
        view! { <div class="d-ghost" data-testid="drag-ghost" aria-hidden="true" style=style>{label}</div> }
            .into_any(),
    )
}

fn render_refusal(env: Env, diagram: Memo<Diagram>) -> Option<AnyView> {
    let refusal = env.drag.refusal.get()?;
    let rect = diagram.with(|d| d.instance(&refusal.instance).map(|i| i.rect))?;
    let style = format!(
        "left:{}px;top:{}px;width:{}px",
        rect.x,
        rect.y + rect.h + 4,
        rect.w.max(220)
    );
    let code = refusal.failure.code.clone();
    Some(
        view! {
            <div
                class="alert drop-alert"
                role="alert"
                data-testid="drop-alert"
                data-error-code=code
                data-instance-id=refusal.instance.clone()
                style=style
            >
                <p>
                    <strong class="alert-code">{refusal.failure.code.clone()}</strong>
                    ": "
                    {refusal.failure.message.clone()}
                </p>
                <button
                    type="button"
                    class="link-button"
                    data-testid="dismiss-drop-alert"
                    on:click=move |_| env.drag.refusal.set(None)
                >
                    "Dismiss"
                </button>
            </div>
        }
        .into_any(),
    )
}
