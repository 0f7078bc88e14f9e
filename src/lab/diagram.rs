//! The network diagram: draws a [`Diagram`] exactly where [`super::layout`] placed it, as
//! nested, absolutely positioned HTML boxes (so that every control in it is a real,
//! focusable HTML control), and wires the gestures: selection, menus, and moving an
//! interface with the pointer or the keyboard ([`super::drag`]).
//!
//! The boxes are written as one piece of markup (every text escaped) and their events are
//! handled once on the diagram, rather than built as a view per box: that is fewer
//! functions for the browser to compile before the first frame (BENCHMARKS.md, "Page").
//! Every drawn resource carries a stable test hook (`data-testid` plus its id), so the
//! end-to-end tests read the page as a learner sees it.

use super::after_paint;
use super::drag;
use super::first_picture::DiagramPicture;
use super::html::{attr, event_element, patch, push_esc, KEPT};
use super::layout::{
    Diagram, EniBox, EniLine, InstanceBox, Rect, SubnetBox, VpcBox, ZoneBox, LINE, PAD,
};
use super::panels::actions::Target;
use super::panels::menu::{push_menu, Env};
use leptos::prelude::*;
use std::collections::HashMap;
use std::fmt::Write;

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

/// The diagram of the lab's Region. The boxes are one piece of markup, patched into the
/// page when the diagram changes: only the boxes and lines that differ are touched, so a
/// step restyles and lays out a few boxes, not hundreds, and a box drawn as before keeps
/// its element (the focus, a drag in progress). What only marks a box (the drop target,
/// the interface being carried, the selected one) changes its class alone; the markup is
/// drawn with the marks of its time, and their changes are followed once `later` turns
/// true (nothing is marked before the first frame). Its gestures are handled once, here,
/// for every box.
///
/// While `picture` holds the build's drawing of the default lab, that is drawn instead,
/// and `diagram` (whose layout runs the model) is not read; the first live drawing after
/// it touches nothing when the boxes already show the same (an interface picked up in the
/// meantime stays in the learner's hand).
#[component]
pub fn NetworkDiagram(
    diagram: Memo<Diagram>,
    picture: Memo<Option<DiagramPicture>>,
    node_ref: NodeRef<leptos::html::Div>,
    later: ReadSignal<bool>,
) -> impl IntoView {
    let env = expect_context::<Env>();
    let boxes = NodeRef::<leptos::html::Div>::new();
    let drawn = StoredValue::new(DrawnBoxes::default());
    Effect::new(move |_| {
        let Some(el) = boxes.get() else {
            return;
        };
        // The picture comes before any drawing from the model, so `drawn` holds nothing.
        if let Some(markup) = picture.with(|p| p.as_ref().map(|p| p.markup.clone())) {
            patch(&el, &markup);
            return;
        }
        let draw = |forget: bool| {
            drawn
                .try_update_value(|drawn| {
                    if forget {
                        drawn.forget();
                    }
                    diagram.with(|d| diagram_markup(env, d, drawn))
                })
                .unwrap_or_default()
        };
        // A stand-in that found nothing to stand for: drawn again, in full.
        if !patch(&el, &draw(false)) {
            patch(&el, &draw(true));
        }
        drawn.update_value(DrawnBoxes::drawn);
    });
    after_paint::once(later, move || {
        Effect::new(move |_| {
            let target = env.drag.target.get();
            mark(
                boxes,
                "instance",
                "data-instance-id",
                "d-drop-target",
                target.as_deref(),
            );
        });
        Effect::new(move |_| {
            let carried = env.drag.carry.with(|c| c.as_ref().map(|c| c.eni.clone()));
            mark(boxes, "eni", "data-eni-id", "d-lifted", carried.as_deref());
        });
        Effect::new(move |_| {
            let selected = env.ui.selected.with(|s| match s {
                Some(Target::Eni(id)) => Some(id.clone()),
                _ => None,
            });
            mark(
                boxes,
                "eni",
                "data-eni-id",
                "d-selected",
                selected.as_deref(),
            );
        });
    });
    let size = move || {
        picture
            .with(|p| p.as_ref().map(|p| p.style.clone()))
            .unwrap_or_else(|| {
                diagram.with(|d| format!("width:{}px;height:{}px", d.width, d.height))
            })
    };
    let label = move || {
        picture
            .with(|p| p.as_ref().map(|p| p.label.clone()))
            .unwrap_or_else(|| {
                diagram.with(|d| format!("Network diagram of the Region {}", d.region.name))
            })
    };
    // Whether the boxes are the build's picture or the model's layout (a test hook).
    let drawn_from = move || {
        if picture.with(Option::is_some) {
            "picture"
        } else {
            "model"
        }
    };
    view! {
        <div
            class="diagram"
            data-testid="diagram"
            role="group"
            aria-label=label
            style=size
            data-drawn-from=drawn_from
            node_ref=node_ref
            on:click=move |ev| on_click(env, &ev)
            on:keydown=move |ev| on_keydown(env, &ev)
            on:focusout=move |ev| on_focusout(env, &ev)
            on:pointerdown=move |ev| on_pointer_down(env, &ev)
            on:pointermove=move |ev| on_pointer_move(env, node_ref, &ev)
            on:pointerup=move |ev| on_pointer_up(env, &ev)
            on:pointercancel=move |_| drag::pointer_cancel(env.drag)
        >
            <p id=ENI_HELP_ID class="visually-hidden">
                "Press Enter or Space to pick this interface up, then choose an instance with the arrow keys or Tab and press Enter to move it there; Escape cancels. With a pointer, drag it onto an instance."
            </p>
            <div data-part="boxes" node_ref=boxes></div>
            {move || render_ghost(env, diagram)}
            {move || render_refusal(env, diagram)}
        </div>
    }
}

/// Gives `class` to the drawn `testid` box whose `attribute` is `id` (if any), and takes
/// it from the one that had it.
fn mark(
    boxes: NodeRef<leptos::html::Div>,
    testid: &str,
    attribute: &str,
    class: &str,
    id: Option<&str>,
) {
    let Some(root) = boxes.get_untracked() else {
        return;
    };
    let find = |selector: String| root.query_selector(&selector).ok().flatten();
    if let Some(el) = find(format!("[data-testid=\"{testid}\"].{class}")) {
        let _ = el.class_list().remove_1(class);
    }
    if let Some(el) =
        id.and_then(|id| find(format!("[data-testid=\"{testid}\"][{attribute}=\"{id}\"]")))
    {
        let _ = el.class_list().add_1(class);
    }
}

/// The element an event happened on, if it is inside a drawn box matching `selector`.
fn event_box(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    event_element(ev).and_then(|el| el.closest(selector).ok().flatten())
}

/// The id of the drawn interface an event happened on.
fn event_eni(ev: &web_sys::Event) -> Option<(web_sys::Element, String)> {
    let el = event_box(ev, "[data-testid=\"eni\"]")?;
    let id = el.get_attribute("data-eni-id")?;
    Some((el, id))
}

/// A click: a box's title shows the object in the inspector; so does an interface,
/// unless the click ends a drag.
fn on_click(env: Env, ev: &leptos::ev::MouseEvent) {
    if let Some(title) = event_box(ev, ".d-title-button") {
        let target = title
            .get_attribute("data-target-kind")
            .zip(title.get_attribute("data-target-id"))
            .and_then(|(kind, id)| Target::from_parts(&kind, &id));
        if target.is_some() {
            env.ui.selected.set(target);
        }
        return;
    }
    let Some((_, id)) = event_eni(ev) else {
        return;
    };
    if env.drag.suppress_click.get_value() {
        env.drag.suppress_click.set_value(false);
        return;
    }
    env.ui.selected.set(Some(Target::Eni(id)));
}

/// A key on an interface: picking it up, choosing a target and dropping it
/// ([`drag::on_eni_key`]).
fn on_keydown(env: Env, ev: &leptos::ev::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let Some((_, id)) = event_eni(ev) else {
        return;
    };
    let key = ev.key();
    let diagram = env.ui.diagram.get_untracked();
    if drag::on_eni_key(env.lab, env.drag, &diagram, &id, &key, ev.shift_key()) {
        ev.prevent_default();
        if key == "Enter" || key == " " {
            env.ui.selected.set(Some(Target::Eni(id)));
        }
    }
}

/// Leaving the interface while carrying it cancels the keyboard move.
fn on_focusout(env: Env, ev: &leptos::ev::FocusEvent) {
    let Some((_, id)) = event_eni(ev) else {
        return;
    };
    let carrying = env
        .drag
        .carry
        .with_untracked(|c| c.as_ref().is_some_and(|c| c.by_keyboard && c.eni == id));
    if carrying {
        let diagram = env.ui.diagram.get_untracked();
        drag::on_eni_key(env.lab, env.drag, &diagram, &id, "Escape", false);
    }
}

fn on_pointer_down(env: Env, ev: &leptos::ev::PointerEvent) {
    if ev.button() != 0 {
        return;
    }
    let Some((el, _)) = event_eni(ev) else {
        return;
    };
    let _ = el.set_pointer_capture(ev.pointer_id());
    drag::pointer_down(
        env.drag,
        ev.pointer_id(),
        f64::from(ev.client_x()),
        f64::from(ev.client_y()),
    );
}

// A pointer that only passes over an interface, or is released over one it was not pressed
// on, reads nothing of the lab (the model's drawing least of all): hovering never waits
// for the wasm's later part, which the model is in (src/split/later.js).
fn on_pointer_move(env: Env, node_ref: NodeRef<leptos::html::Div>, ev: &leptos::ev::PointerEvent) {
    let Some((_, id)) = event_eni(ev) else {
        return;
    };
    if !drag::is_pressed(env.drag, ev.pointer_id()) {
        return;
    }
    let Some(el) = node_ref.get_untracked() else {
        return;
    };
    let bounds = el.get_bounding_client_rect();
    let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let point = (client.0 - bounds.left(), client.1 - bounds.top());
    let dragging = env
        .ui
        .diagram
        .with_untracked(|d| drag::pointer_move(env.drag, d, &id, ev.pointer_id(), client, point));
    if dragging {
        ev.prevent_default();
    }
}

fn on_pointer_up(env: Env, ev: &leptos::ev::PointerEvent) {
    let Some((_, id)) = event_eni(ev) else {
        return;
    };
    if !drag::is_pressed(env.drag, ev.pointer_id()) {
        return;
    }
    let diagram = env.ui.diagram.get_untracked();
    drag::pointer_up(env.lab, env.drag, &diagram, &id, ev.pointer_id());
}

/// The markup of each instance's box as the page holds it, by instance id: an instance
/// drawn the same again is written as a stand-in ([`KEPT`]) for the element the page
/// already has, so that a step makes the browser parse only the boxes it changed (with
/// 100 instances, the whole diagram's markup is about 316 KB).
#[derive(Default)]
struct DrawnBoxes {
    /// As the page holds them.
    held: HashMap<String, String>,
    /// As the drawing being written draws them.
    next: HashMap<String, String>,
}

impl DrawnBoxes {
    /// Writes the box `markup` of the instance `id`, or a stand-in when the page holds it
    /// already.
    fn write(&mut self, out: &mut String, id: &str, markup: String) {
        if self.held.get(id) == Some(&markup) {
            let _ = write!(out, "<{KEPT}");
            attr(out, "data-instance-id", id);
            let _ = write!(out, "></{KEPT}>");
        } else {
            out.push_str(&markup);
        }
        self.next.insert(id.to_string(), markup);
    }

    /// The drawing just written is the page's now.
    fn drawn(&mut self) {
        self.held = std::mem::take(&mut self.next);
    }

    /// Nothing is known of what the page holds (every box is written out in full).
    fn forget(&mut self) {
        self.held.clear();
        self.next.clear();
    }
}

/// The boxes of a diagram, as markup.
fn diagram_markup(env: Env, d: &Diagram, drawn: &mut DrawnBoxes) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let origin = Rect::default();
    let region = &d.region;
    let r = region.rect;
    open_box(
        &mut out,
        "d-box d-internet",
        "internet",
        &place(&d.internet, &origin),
    );
    out.push_str("><div class=\"d-line d-label\">Internet</div></div>");
    let label = format!("Region {}", region.name);
    open_box(&mut out, "d-box d-region", "region", &place(&r, &origin));
    attr(&mut out, "data-region", &region.name);
    attr(&mut out, "role", "group");
    attr(&mut out, "aria-label", &label);
    out.push('>');
    line(&mut out, "d-line d-label", &label);
    for vpc in &region.vpcs {
        push_vpc(&mut out, env, drawn, vpc, &r);
    }
    if let Some(t) = region.terminated_rect {
        open_box(
            &mut out,
            "d-box d-terminated",
            "terminated-instances",
            &place(&t, &r),
        );
        out.push_str("><div class=\"d-line d-label\">Terminated instances</div>");
        for instance in &region.terminated {
            push_instance(&mut out, env, drawn, instance, &t);
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    for g in region.vpcs.iter().filter_map(|v| v.gateway.as_ref()) {
        let top = d.internet.y + d.internet.h;
        let _ = write!(
            out,
            "<div class=\"d-link\" aria-hidden=\"true\" style=\"left:{}px;top:{}px;height:{}px\"></div>",
            g.rect.x + g.rect.w - 18,
            top,
            g.rect.y - top
        );
    }
    out
}

/// Writes `<div class=… data-testid=… style=…` (the tag left open for more attributes).
fn open_box(out: &mut String, class: &str, testid: &str, style: &str) {
    out.push_str("<div");
    attr(out, "class", class);
    attr(out, "data-testid", testid);
    attr(out, "style", style);
}

/// Writes a line of text.
fn line(out: &mut String, class: &str, text: &str) {
    out.push_str("<div");
    attr(out, "class", class);
    out.push('>');
    push_esc(out, text);
    out.push_str("</div>");
}

/// Writes `attribute` when there is a value.
fn attr_some(out: &mut String, attribute: &str, value: Option<&str>) {
    if let Some(value) = value {
        attr(out, attribute, value);
    }
}

/// The title line of a box: a button that shows the object in the inspector.
fn push_title(out: &mut String, class: &str, target: &Target, text: &str, testid: &str) {
    let (kind, id) = target.parts();
    let _ = write!(
        out,
        "<div class=\"{class}\"><button type=\"button\" class=\"d-title-button\""
    );
    attr(out, "id", &format!("title-{}", target.key()));
    attr(out, "data-testid", testid);
    attr(out, "data-target-kind", kind);
    attr(out, "data-target-id", id);
    attr(out, "aria-label", &format!("Inspect {}", target.describe()));
    out.push('>');
    push_esc(out, text);
    out.push_str("</button></div>");
}

/// Writes an object's menu in the top right corner of its box.
fn push_corner_menu(out: &mut String, env: Env, target: &Target, style: &str) {
    out.push_str("<div class=\"d-corner\"");
    attr(out, "style", style);
    out.push('>');
    push_menu(out, env, target);
    out.push_str("</div>");
}

fn push_vpc(out: &mut String, env: Env, drawn: &mut DrawnBoxes, vpc: &VpcBox, parent: &Rect) {
    let r = vpc.rect;
    let kind = if vpc.is_default { "Default VPC" } else { "VPC" };
    let title = match &vpc.name {
        Some(name) => format!("{kind} {} ({name})", vpc.id),
        None => format!("{kind} {}", vpc.id),
    };
    let padding = if vpc.gateway.is_some() {
        format!(";padding-top:{}px", PAD / 2 + LINE + 6)
    } else {
        String::new()
    };
    open_box(
        out,
        "d-box d-vpc",
        "vpc",
        &format!("{}{padding}", place(&r, parent)),
    );
    attr(out, "data-vpc-id", &vpc.id);
    attr(out, "data-cidr", &vpc.cidr);
    attr_some(
        out,
        "data-ipv6-cidr",
        vpc.ipv6_blocks.first().map(String::as_str),
    );
    attr(
        out,
        "data-default",
        if vpc.is_default { "true" } else { "false" },
    );
    attr(out, "role", "group");
    attr(out, "aria-label", &title);
    out.push('>');
    if let Some(g) = &vpc.gateway {
        open_box(out, "d-gateway", "internet-gateway", &place(&g.rect, &r));
        attr(out, "data-igw-id", &g.id);
        out.push_str(">Internet gateway ");
        push_esc(out, &g.id);
        out.push_str("</div>");
    }
    let target = Target::Vpc(vpc.id.clone());
    push_title(out, "d-line d-label", &target, &title, "vpc-title");
    for l in &vpc.lines {
        line(out, "d-line d-cidr", l);
    }
    push_corner_menu(out, env, &target, &format!("left:{}px;top:2px", r.w - 26));
    for zone in &vpc.zones {
        push_zone(out, env, drawn, zone, &r);
    }
    out.push_str("</div>");
}

fn push_zone(out: &mut String, env: Env, drawn: &mut DrawnBoxes, zone: &ZoneBox, parent: &Rect) {
    let r = zone.rect;
    open_box(out, "d-box d-zone", "availability-zone", &place(&r, parent));
    attr(out, "data-az", &zone.name);
    out.push('>');
    line(
        out,
        "d-line d-label",
        &format!("Availability Zone {}", zone.name),
    );
    for subnet in &zone.subnets {
        push_subnet(out, env, drawn, subnet, &r);
    }
    out.push_str("</div>");
}

fn push_subnet(
    out: &mut String,
    env: Env,
    drawn: &mut DrawnBoxes,
    subnet: &SubnetBox,
    parent: &Rect,
) {
    let r = subnet.rect;
    let (class, auto) = if subnet.map_public_ip_on_launch {
        (
            "d-box d-subnet d-subnet-public",
            "Auto-assign public IPv4: yes",
        )
    } else {
        ("d-box d-subnet", "Auto-assign public IPv4: no")
    };
    let title = match &subnet.name {
        Some(name) => format!("{} ({name})", subnet.id),
        None => subnet.id.clone(),
    };
    open_box(out, class, "subnet", &place(&r, parent));
    attr(out, "data-subnet-id", &subnet.id);
    attr(out, "data-az", &subnet.availability_zone);
    attr(out, "data-cidr", &subnet.cidr);
    attr_some(out, "data-ipv6-cidr", subnet.ipv6_cidr.as_deref());
    attr(
        out,
        "data-map-public-ip-on-launch",
        if subnet.map_public_ip_on_launch {
            "true"
        } else {
            "false"
        },
    );
    attr(out, "role", "group");
    attr(out, "aria-label", &format!("Subnet {title}"));
    out.push('>');
    let target = Target::Subnet(subnet.id.clone());
    push_title(out, "d-line d-title", &target, &title, "subnet-title");
    line(out, "d-line d-cidr", &subnet.cidr);
    if let Some(c) = &subnet.ipv6_cidr {
        line(out, "d-line d-cidr", &format!("IPv6 {c}"));
    }
    line(out, "d-line d-note", auto);
    push_corner_menu(out, env, &target, &format!("left:{}px;top:2px", r.w - 26));
    for instance in &subnet.instances {
        push_instance(out, env, drawn, instance, &r);
    }
    for eni in &subnet.detached {
        push_eni(out, env, eni, &r);
    }
    out.push_str("</div>");
}

/// Writes an instance's box, or a stand-in for it when it is drawn as the page holds it.
fn push_instance(
    out: &mut String,
    env: Env,
    drawn: &mut DrawnBoxes,
    instance: &InstanceBox,
    parent: &Rect,
) {
    let mut markup = String::with_capacity(2048);
    write_instance(&mut markup, env, instance, parent);
    drawn.write(out, &instance.id, markup);
}

fn write_instance(out: &mut String, env: Env, instance: &InstanceBox, parent: &Rect) {
    let r = instance.rect;
    let mut class = format!("d-box d-instance d-state-{}", instance.state);
    if env
        .drag
        .target
        .with_untracked(|t| t.as_deref() == Some(instance.id.as_str()))
    {
        class.push_str(" d-drop-target");
    }
    let title = instance.label();
    open_box(out, &class, "instance", &place(&r, parent));
    attr(out, "data-instance-id", &instance.id);
    attr(out, "data-state", &instance.state);
    attr(out, "data-instance-type", &instance.instance_type);
    attr_some(out, "data-subnet-id", instance.subnet_id.as_deref());
    attr(out, "data-az", &instance.availability_zone);
    attr(out, "role", "group");
    attr(
        out,
        "aria-label",
        &format!(
            "Instance {title}, {}, {}",
            instance.instance_type, instance.state
        ),
    );
    out.push('>');
    let target = Target::Instance(instance.id.clone());
    push_title(out, "d-line d-title", &target, &title, "instance-title");
    out.push_str("<div class=\"d-line d-note\">");
    push_esc(out, &instance.instance_type);
    out.push_str(" · <span class=\"d-state\">");
    push_esc(out, &instance.state);
    out.push_str("</span></div>");
    push_corner_menu(out, env, &target, &format!("left:{}px;top:2px", r.w - 26));
    for eni in &instance.enis {
        push_eni(out, env, eni, &r);
    }
    out.push_str("</div>");
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

/// The lock drawn before a primary interface's heading.
const LOCK: &str = r#"<svg class="d-lock" viewBox="0 0 12 12" width="11" height="11" aria-hidden="true"><rect x="2" y="5" width="8" height="6" rx="1"></rect><path d="M4 5V3.5a2 2 0 0 1 4 0V5" fill="none"></path></svg>"#;

fn push_eni(out: &mut String, env: Env, eni: &EniBox, parent: &Rect) {
    let r = eni.rect;
    let mut class = String::from(if eni.is_primary() {
        "d-box d-eni d-eni-primary"
    } else {
        "d-box d-eni"
    });
    if env.drag.is_carrying_untracked(&eni.id) {
        class.push_str(" d-lifted");
    }
    if env
        .ui
        .selected
        .with_untracked(|s| matches!(s, Some(Target::Eni(e)) if *e == eni.id))
    {
        class.push_str(" d-selected");
    }
    let target = Target::Eni(eni.id.clone());
    open_box(out, &class, "eni", &place(&r, parent));
    attr(out, "id", &format!("node-{}", target.key()));
    attr(out, "data-eni-id", &eni.id);
    attr_some(
        out,
        "data-device-index",
        eni.device_index.map(|i| i.to_string()).as_deref(),
    );
    attr(out, "data-status", &eni.status);
    attr(out, "data-private-ip", &eni.private_ip);
    attr_some(out, "data-public-ip", eni.public_ip.as_deref());
    attr_some(
        out,
        "data-elastic-ip",
        eni.public_ip.as_deref().filter(|_| eni.elastic),
    );
    attr(out, "data-mac", &eni.mac_address);
    attr(out, "role", "button");
    attr(out, "tabindex", "0");
    attr(out, "aria-label", &eni_summary(eni));
    attr(out, "aria-describedby", ENI_HELP_ID);
    out.push('>');
    for (kind, text) in &eni.lines {
        let (class, badge) = match kind {
            EniLine::Heading => ("d-line d-eni-head", false),
            EniLine::Id => ("d-line d-eni-title", false),
            EniLine::Private | EniLine::Public | EniLine::Ipv6 | EniLine::Mac => {
                ("d-line d-addr", false)
            }
            EniLine::Elastic => ("d-line d-addr", true),
            _ => ("d-line d-note", false),
        };
        out.push_str("<div");
        attr(out, "class", class);
        attr(out, "title", text);
        out.push('>');
        if *kind == EniLine::Heading && eni.is_primary() {
            out.push_str(LOCK);
        }
        push_esc(out, text);
        if badge {
            out.push_str(" <span class=\"d-badge\" title=\"Elastic IP\">EIP</span>");
        }
        out.push_str("</div>");
    }
    out.push_str("</div>");
    push_corner_menu(out, env, &target, &corner(&r, parent));
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
