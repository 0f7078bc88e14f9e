//! Moving a network interface between instances, with a pointer (mouse, pen, touch:
//! Pointer Events) or with the keyboard alone (WCAG 2.2, 2.5.7 Dragging Movements).
//!
//! A drop asks the session to move the interface ([`LabSession::move_interface`]): the
//! model answers on a copy of the world first, so a refused drop changes nothing, snaps
//! back, and shows EC2's code and message beside the instance it was dropped on. Every
//! step is announced in a live region, naming the interface and the instance by id.

use super::layout::{Diagram, EniBox, InstanceBox};
use crate::session::{LabSession, StepFailure};
use leptos::prelude::*;

/// Pointer travel (CSS pixels) before a press becomes a drag.
const DRAG_THRESHOLD: f64 = 5.0;

/// The interface being carried.
#[derive(Debug, Clone, PartialEq)]
pub struct Carry {
    pub eni: String,
    /// The instance it is attached to, if any.
    pub from: Option<String>,
    pub by_keyboard: bool,
}

/// A pointer press on an interface that may become a drag.
#[derive(Debug, Clone, Copy)]
struct Press {
    pointer_id: i32,
    start_x: f64,
    start_y: f64,
    dragging: bool,
}

/// A refused drop, shown beside the instance it was dropped on.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub instance: String,
    pub failure: StepFailure,
}

/// The drag state of the lab, shared by the diagram and the announcer.
#[derive(Clone, Copy)]
pub struct DragCtx {
    pub carry: RwSignal<Option<Carry>>,
    /// The instance a drop would land on.
    pub target: RwSignal<Option<String>>,
    /// Where the dragged interface's ghost is drawn (diagram coordinates, whole pixels).
    pub ghost: RwSignal<Option<(i32, i32)>>,
    pub refusal: RwSignal<Option<Refusal>>,
    /// The live region's text.
    pub announcement: RwSignal<String>,
    press: StoredValue<Option<Press>>,
    /// Set by a drag so that the click that follows does not select.
    pub suppress_click: StoredValue<bool>,
}

impl DragCtx {
    pub fn new() -> Self {
        DragCtx {
            carry: RwSignal::new(None),
            target: RwSignal::new(None),
            ghost: RwSignal::new(None),
            refusal: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            press: StoredValue::new(None),
            suppress_click: StoredValue::new(false),
        }
    }

    fn clear(&self) {
        self.carry.set(None);
        self.target.set(None);
        self.ghost.set(None);
        self.press.set_value(None);
    }

    pub fn is_carrying_untracked(&self, eni: &str) -> bool {
        self.carry
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.eni == eni))
    }
}

impl Default for DragCtx {
    fn default() -> Self {
        Self::new()
    }
}

/// How an interface is named in announcements: `interface eni-… (service), eth1`.
pub fn eni_phrase(eni: &EniBox) -> String {
    let place = match eni.device_index {
        Some(0) => ", eth0, the primary interface".to_string(),
        Some(index) => format!(", eth{index}"),
        None => ", not attached".to_string(),
    };
    format!("interface {}{place}", eni.label())
}

/// How an instance is named in announcements.
pub fn instance_phrase(instance: &InstanceBox) -> String {
    format!(
        "instance {}, {}, {}, in {}, {} of {} interfaces",
        instance.label(),
        instance.instance_type,
        instance.state,
        instance.availability_zone,
        instance.enis.len(),
        instance.max_interfaces
    )
}

/// What picking an interface up announces.
pub fn pick_up_message(eni: &EniBox, from: Option<&InstanceBox>) -> String {
    let on = from
        .map(|i| format!(" from instance {}", i.label()))
        .unwrap_or_default();
    format!(
        "Picked up {}{on}. Choose an instance with the arrow keys or Tab, press Enter to drop, or Escape to cancel.",
        eni_phrase(eni)
    )
}

/// The drop targets the keyboard cycles through: every instance but the interface's own.
pub fn keyboard_targets<'a>(diagram: &'a Diagram, carry: &Carry) -> Vec<&'a InstanceBox> {
    diagram
        .instances()
        .filter(|i| Some(&i.id) != carry.from.as_ref())
        .collect()
}

/// The next target from `current` (forward or back), wrapping around.
pub fn step_target(
    targets: &[&InstanceBox],
    current: Option<&str>,
    forward: bool,
) -> Option<String> {
    if targets.is_empty() {
        return None;
    }
    let n = targets.len();
    let index = match current.and_then(|c| targets.iter().position(|t| t.id == c)) {
        None if forward => 0,
        None => n - 1,
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
    };
    Some(targets[index].id.clone())
}

/// Focuses the drawn interface `eni` once the diagram has been redrawn.
pub fn focus_eni_later(eni: String) {
    request_animation_frame(move || {
        let selector = format!("[data-testid=\"eni\"][data-eni-id=\"{eni}\"]");
        focus_selector(&selector);
    });
}

/// Focuses the first element a selector finds, if any.
pub fn focus_selector(selector: &str) {
    use wasm_bindgen::JsCast;
    if let Ok(Some(el)) = document().query_selector(selector) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// Drops the carried interface on an instance: the session asks the model, then the
/// outcome is shown and announced.
pub fn drop_on(lab: LabSession, drag: DragCtx, diagram: &Diagram, eni: &str, instance: &str) {
    let eni_box = diagram.eni(eni).cloned();
    let target = diagram.instance(instance).cloned();
    let by_keyboard = drag
        .carry
        .with_untracked(|c| c.as_ref().is_some_and(|c| c.by_keyboard));
    drag.clear();
    let (Some(eni_box), Some(target)) = (eni_box, target) else {
        return;
    };
    match lab.move_interface(eni, instance) {
        Ok(plan) => {
            drag.refusal.set(None);
            drag.announcement.set(format!(
                "Moved {} to instance {} at device index {}. Its addresses, Elastic IP, MAC address and security groups moved with it.",
                eni_box.label(),
                target.label(),
                plan.device_index
            ));
        }
        Err(failure) => {
            let back = eni_box
                .instance_id
                .as_deref()
                .map(|i| format!(" It stays on instance {i}."))
                .unwrap_or_else(|| " It stays where it was.".to_string());
            drag.announcement.set(format!(
                "Could not move {} to instance {}: {}: {}{back}",
                eni_box.label(),
                target.label(),
                failure.code,
                failure.message
            ));
            lab.show_failure(None);
            drag.refusal.set(Some(Refusal {
                instance: instance.to_string(),
                failure,
            }));
        }
    }
    if by_keyboard {
        focus_eni_later(eni.to_string());
    }
}

/// Picks an interface up with the keyboard.
pub fn pick_up(drag: DragCtx, diagram: &Diagram, eni: &str) {
    let Some(eni_box) = diagram.eni(eni) else {
        return;
    };
    let from = eni_box
        .instance_id
        .as_deref()
        .and_then(|i| diagram.instance(i));
    drag.refusal.set(None);
    drag.carry.set(Some(Carry {
        eni: eni.to_string(),
        from: eni_box.instance_id.clone(),
        by_keyboard: true,
    }));
    drag.target.set(None);
    drag.announcement.set(pick_up_message(eni_box, from));
}

/// A key pressed on a drawn interface. Returns true when the key was used.
pub fn on_eni_key(
    lab: LabSession,
    drag: DragCtx,
    diagram: &Diagram,
    eni: &str,
    key: &str,
    shift: bool,
) -> bool {
    let carrying = drag.carry.with_untracked(|c| {
        c.as_ref()
            .filter(|c| c.by_keyboard && c.eni == eni)
            .cloned()
    });
    let Some(carry) = carrying else {
        if key == "Enter" || key == " " {
            pick_up(drag, diagram, eni);
            return true;
        }
        return false;
    };
    match key {
        "ArrowDown" | "ArrowRight" | "ArrowUp" | "ArrowLeft" | "Tab" => {
            let forward = match key {
                "Tab" => !shift,
                "ArrowDown" | "ArrowRight" => true,
                _ => false,
            };
            let targets = keyboard_targets(diagram, &carry);
            let current = drag.target.get_untracked();
            if let Some(next) = step_target(&targets, current.as_deref(), forward) {
                let position = targets.iter().position(|t| t.id == next).unwrap_or(0);
                if let Some(instance) = diagram.instance(&next) {
                    drag.announcement.set(format!(
                        "Drop target {} of {}: {}. Press Enter to drop {} here.",
                        position + 1,
                        targets.len(),
                        instance_phrase(instance),
                        carry.eni
                    ));
                }
                drag.target.set(Some(next));
            }
            true
        }
        "Enter" | " " => {
            match drag.target.get_untracked() {
                Some(target) => drop_on(lab, drag, diagram, eni, &target),
                None => drag.announcement.set(
                    "Choose an instance first with the arrow keys or Tab, or press Escape to cancel."
                        .to_string(),
                ),
            }
            true
        }
        "Escape" => {
            drag.clear();
            let stays = carry
                .from
                .map(|i| format!(" {eni} stays on instance {i}."))
                .unwrap_or_else(|| format!(" {eni} stays where it was."));
            drag.announcement.set(format!("Move cancelled.{stays}"));
            true
        }
        _ => false,
    }
}

/// A pointer pressed on a drawn interface.
pub fn pointer_down(drag: DragCtx, pointer_id: i32, x: f64, y: f64) {
    // A press starts afresh, even if the click after the last drag never came.
    drag.suppress_click.set_value(false);
    drag.press.set_value(Some(Press {
        pointer_id,
        start_x: x,
        start_y: y,
        dragging: false,
    }));
}

/// Whether pointer `pointer_id` is pressed on an interface: a press that may become a drag.
pub fn is_pressed(drag: DragCtx, pointer_id: i32) -> bool {
    drag.press
        .get_value()
        .is_some_and(|press| press.pointer_id == pointer_id)
}

/// The pointer moved while pressed on interface `eni`; `point` is in diagram coordinates.
/// Returns true once the press has become a drag.
pub fn pointer_move(
    drag: DragCtx,
    diagram: &Diagram,
    eni: &str,
    pointer_id: i32,
    client: (f64, f64),
    point: (f64, f64),
) -> bool {
    let Some(mut press) = drag.press.get_value() else {
        return false;
    };
    if press.pointer_id != pointer_id {
        return false;
    }
    if !press.dragging {
        let (dx, dy) = (client.0 - press.start_x, client.1 - press.start_y);
        if dx.hypot(dy) < DRAG_THRESHOLD {
            return false;
        }
        press.dragging = true;
        drag.press.set_value(Some(press));
        let Some(eni_box) = diagram.eni(eni) else {
            return false;
        };
        drag.refusal.set(None);
        drag.carry.set(Some(Carry {
            eni: eni.to_string(),
            from: eni_box.instance_id.clone(),
            by_keyboard: false,
        }));
        drag.announcement
            .set(format!("Dragging {}.", eni_phrase(eni_box)));
    }
    drag.ghost
        .set(Some((point.0.round() as i32, point.1.round() as i32)));
    let from = drag
        .carry
        .with_untracked(|c| c.as_ref().and_then(|c| c.from.clone()));
    let over = diagram
        .instance_at(point.0, point.1)
        .map(|i| i.id.clone())
        .filter(|id| Some(id) != from.as_ref());
    if drag.target.get_untracked() != over {
        drag.target.set(over);
    }
    true
}

/// The pointer was released: a drag drops on the instance under it, or snaps back.
pub fn pointer_up(lab: LabSession, drag: DragCtx, diagram: &Diagram, eni: &str, pointer_id: i32) {
    let Some(press) = drag.press.get_value() else {
        return;
    };
    if press.pointer_id != pointer_id {
        return;
    }
    if !press.dragging {
        drag.press.set_value(None);
        return;
    }
    drag.suppress_click.set_value(true);
    match drag.target.get_untracked() {
        Some(target) => drop_on(lab, drag, diagram, eni, &target),
        None => {
            drag.clear();
            drag.announcement.set(format!(
                "Dropped outside any other instance: {eni} snapped back."
            ));
        }
    }
}

/// The pointer was cancelled (a touch became a scroll, the window lost focus...).
pub fn pointer_cancel(drag: DragCtx) {
    if drag.press.get_value().is_some_and(|p| p.dragging) {
        drag.announcement.set("Move cancelled.".to_string());
    }
    drag.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::layout::layout;
    use crate::session::default_session;
    use netlab_model::world::DEFAULT_REGION;

    fn diagram() -> Diagram {
        let session = default_session();
        layout(
            session.world().region(DEFAULT_REGION).unwrap(),
            session.vars(),
            3,
        )
    }

    #[test]
    fn the_keyboard_cycles_through_every_other_instance_and_wraps() {
        let d = diagram();
        let web = d.instances().next().unwrap().clone();
        let carry = Carry {
            eni: web.enis[1].id.clone(),
            from: Some(web.id.clone()),
            by_keyboard: true,
        };
        let targets = keyboard_targets(&d, &carry);
        assert_eq!(targets.len(), 2);
        assert!(targets.iter().all(|t| t.id != web.id));
        let first = step_target(&targets, None, true).unwrap();
        assert_eq!(first, targets[0].id);
        let second = step_target(&targets, Some(&first), true).unwrap();
        assert_eq!(second, targets[1].id);
        assert_eq!(step_target(&targets, Some(&second), true).unwrap(), first);
        assert_eq!(step_target(&targets, Some(&first), false).unwrap(), second);
        assert_eq!(step_target(&[], None, true), None);
    }

    #[test]
    fn a_pointer_is_pressed_from_its_press_on_an_interface_until_the_press_ends() {
        let drag = DragCtx::new();
        assert!(!is_pressed(drag, 1));
        pointer_down(drag, 1, 10.0, 10.0);
        assert!(is_pressed(drag, 1));
        assert!(
            !is_pressed(drag, 2),
            "another pointer is not the one pressed"
        );
        pointer_cancel(drag);
        assert!(!is_pressed(drag, 1));
    }

    #[test]
    fn announcements_name_the_interface_and_the_instance_by_id_and_name() {
        let d = diagram();
        let web = d.instances().next().unwrap();
        let message = pick_up_message(&web.enis[1], Some(web));
        assert!(message.contains(&web.enis[1].id));
        assert!(message.contains("(service), eth1"));
        assert!(message.contains(&format!("{} (web)", web.id)));
        let phrase = instance_phrase(web);
        assert!(phrase.contains("t3.micro, running, in us-east-1a, 2 of 2 interfaces"));
    }
}
