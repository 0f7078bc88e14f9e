//! The lab's shared interface state, and the small accessible menu every object has
//! (a menu button and a `role="menu"` of `menuitem`s, driven by the arrow keys, Home,
//! End, Enter and Escape). A menu is markup ([`push_menu`]) whose clicks and keys the lab
//! handles once for all of them ([`on_click`], [`on_keydown`]); opening or closing one
//! redraws only its own anchor ([`watch_open_menu`]).

use super::actions::{menu_items, Act, FormSpec, MenuItem, Target};
use crate::lab::drag::{self, focus_selector, DragCtx};
use crate::lab::html::{attr, event_element, push_esc};
use crate::lab::layout::Diagram;
use crate::session::LabSession;
use leptos::prelude::*;

/// What the learner has selected, which menu is open, and which form is shown.
#[derive(Clone, Copy)]
pub struct LabUi {
    pub selected: RwSignal<Option<Target>>,
    pub open_menu: RwSignal<Option<String>>,
    pub form: RwSignal<Option<FormSpec>>,
    pub diagram: Memo<Diagram>,
}

/// Everything a control in the lab needs: the session, the interface state, the drag.
#[derive(Clone, Copy)]
pub struct Env {
    pub lab: LabSession,
    pub ui: LabUi,
    pub drag: DragCtx,
}

/// Runs a step from a control and puts the keyboard focus back on `selector` (or the
/// diagram) once the page has been redrawn.
pub fn run_and_refocus(env: Env, step: &str, selector: String) {
    env.drag.refusal.set(None);
    let _ = env.lab.run(step);
    request_animation_frame(move || {
        if document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .is_some()
        {
            focus_selector(&selector);
        } else {
            focus_selector("[data-testid=\"diagram-wrap\"]");
        }
    });
}

fn button_selector(key: &str) -> String {
    format!("#menu-button-{key}")
}

fn activate(env: Env, key: &str, act: Act) {
    env.ui.open_menu.set(None);
    match act {
        Act::Run(step) => run_and_refocus(env, &step, button_selector(key)),
        Act::Form(spec) => {
            env.ui.form.set(Some(spec));
            request_animation_frame(|| focus_selector("#action-form-field-0"));
        }
        Act::Inspect(target) => {
            env.ui.selected.set(Some(target));
            let selector = button_selector(key);
            request_animation_frame(move || focus_selector(&selector));
        }
        Act::PickUp(eni) => {
            env.ui.selected.set(Some(Target::Eni(eni.clone())));
            env.ui
                .diagram
                .with_untracked(|d| drag::pick_up(env.drag, d, &eni));
            drag::focus_eni_later(eni);
        }
    }
}

/// The index of a menu item from its element id (`…-item-N`).
fn item_index(id: &str) -> Option<usize> {
    id.rsplit_once("-item-").and_then(|(_, n)| n.parse().ok())
}

/// The closest element to `el` (itself included) that `selector` matches.
fn closest(el: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    el.closest(selector).ok().flatten()
}

/// The object a menu anchor is about, from its markup.
fn target_of(anchor: &web_sys::Element) -> Option<Target> {
    let kind = anchor.get_attribute("data-target-kind")?;
    let id = anchor.get_attribute("data-target-id")?;
    Target::from_parts(&kind, &id)
}

/// Writes an object's menu: its anchor, holding the menu button and, if it is the open
/// menu, the menu itself.
pub fn push_menu(out: &mut String, env: Env, target: &Target) {
    let (kind, id) = target.parts();
    out.push_str("<div class=\"menu-anchor\"");
    attr(out, "data-menu-anchor", &target.key());
    attr(out, "data-target-kind", kind);
    attr(out, "data-target-id", id);
    out.push('>');
    push_anchor_content(out, env, target);
    out.push_str("</div>");
}

/// The inside of a menu anchor: the menu button, then the menu while it is open (its
/// items as the model's Region offers them now).
fn push_anchor_content(out: &mut String, env: Env, target: &Target) {
    let key = target.key();
    let label = format!("Actions for {}", target.describe());
    let open = env
        .ui
        .open_menu
        .with_untracked(|m| m.as_deref() == Some(key.as_str()));
    out.push_str(
        "<button type=\"button\" class=\"menu-button\" data-testid=\"menu-button\" aria-haspopup=\"menu\"",
    );
    attr(out, "id", &format!("menu-button-{key}"));
    attr(out, "data-menu-key", &key);
    attr(out, "aria-expanded", if open { "true" } else { "false" });
    if open {
        attr(out, "aria-controls", &format!("menu-{key}"));
    }
    attr(out, "aria-label", &label);
    out.push_str("><span aria-hidden=\"true\">⋮</span></button>");
    if !open {
        return;
    }
    let items: Vec<MenuItem> = untrack(|| env.lab.with_region(|r| menu_items(r, target)));
    out.push_str("<div class=\"menu\" role=\"menu\" data-testid=\"menu\"");
    attr(out, "id", &format!("menu-{key}"));
    attr(out, "aria-label", &label);
    out.push('>');
    for (n, item) in items.iter().enumerate() {
        out.push_str(
            "<button type=\"button\" role=\"menuitem\" tabindex=\"-1\" class=\"menu-item\" data-testid=\"menu-item\"",
        );
        attr(out, "id", &format!("menu-{key}-item-{n}"));
        out.push('>');
        push_esc(out, &item.label);
        out.push_str("</button>");
    }
    out.push_str("</div>");
}

/// Redraws the anchor of menu `key`, if it is on the page, keeping the focus on its
/// button.
fn redraw_anchor(env: Env, key: &str) {
    let Some(anchor) = document()
        .query_selector(&format!("[data-menu-anchor=\"{key}\"]"))
        .ok()
        .flatten()
    else {
        return;
    };
    let Some(target) = target_of(&anchor) else {
        return;
    };
    let had_focus = document()
        .active_element()
        .is_some_and(|a| a.class_list().contains("menu-button") && anchor.contains(Some(&a)));
    let mut content = String::new();
    push_anchor_content(&mut content, env, &target);
    anchor.set_inner_html(&content);
    if had_focus {
        focus_selector(&button_selector(key));
    }
}

/// Opening or closing a menu redraws only the anchors of the menus that changed.
pub fn watch_open_menu(env: Env) {
    Effect::new(move |previous: Option<Option<String>>| {
        let open = env.ui.open_menu.get();
        if let Some(Some(closed)) = &previous {
            if Some(closed) != open.as_ref() {
                redraw_anchor(env, closed);
            }
        }
        if let Some(key) = &open {
            redraw_anchor(env, key);
        }
        open
    });
}

/// Opens menu `key` and focuses its first (or last) item once it is drawn.
fn open(env: Env, key: &str, focus_last: bool) {
    env.ui.open_menu.set(Some(key.to_string()));
    let menu_id = format!("menu-{key}");
    request_animation_frame(move || {
        let selector = if focus_last {
            format!("#{menu_id} [role=\"menuitem\"]:last-child")
        } else {
            format!("#{menu_id} [role=\"menuitem\"]")
        };
        focus_selector(&selector);
    });
}

/// A click anywhere in the lab: a menu button opens or closes its menu, a menu item does
/// what it offers, and a click outside every menu closes the open one.
pub fn on_click(env: Env, ev: &leptos::ev::MouseEvent) {
    let el = event_element(ev);
    let Some(anchor) = el.as_ref().and_then(|el| closest(el, ".menu-anchor")) else {
        if env.ui.open_menu.with_untracked(Option::is_some) {
            env.ui.open_menu.set(None);
        }
        return;
    };
    let (Some(el), Some(target)) = (el, target_of(&anchor)) else {
        return;
    };
    let key = target.key();
    if let Some(item) = closest(&el, "[role=\"menuitem\"]") {
        let chosen = item_index(&item.id()).and_then(|n| {
            untrack(|| env.lab.with_region(|r| menu_items(r, &target)))
                .into_iter()
                .nth(n)
        });
        if let Some(chosen) = chosen {
            activate(env, &key, chosen.act);
        }
    } else if closest(&el, ".menu-button").is_some() {
        if env
            .ui
            .open_menu
            .with_untracked(|m| m.as_deref() == Some(key.as_str()))
        {
            env.ui.open_menu.set(None);
        } else {
            open(env, &key, false);
        }
    }
}

/// A key pressed anywhere in the lab: the arrow keys on a menu button open its menu; in
/// an open menu, the arrow keys, Home and End move between items, Escape closes it and
/// returns to its button, and Tab closes it.
pub fn on_keydown(env: Env, ev: &leptos::ev::KeyboardEvent) {
    let Some(el) = event_element(ev) else {
        return;
    };
    if let Some(menu) = closest(&el, "[role=\"menu\"]") {
        menu_keys(env, ev, &menu, &el);
        return;
    }
    let Some(key) = el
        .class_list()
        .contains("menu-button")
        .then(|| el.get_attribute("data-menu-key"))
        .flatten()
    else {
        return;
    };
    match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            open(env, &key, false);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open(env, &key, true);
        }
        _ => {}
    }
}

fn menu_keys(
    env: Env,
    ev: &leptos::ev::KeyboardEvent,
    menu: &web_sys::Element,
    el: &web_sys::Element,
) {
    let menu_id = menu.id();
    let count = menu.child_element_count() as usize;
    if count == 0 {
        return;
    }
    let current = item_index(&el.id());
    let go = |n: usize| focus_selector(&format!("#{menu_id}-item-{n}"));
    match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            go(current.map_or(0, |c| (c + 1) % count));
        }
        "ArrowUp" => {
            ev.prevent_default();
            go(current.map_or(count - 1, |c| (c + count - 1) % count));
        }
        "Home" => {
            ev.prevent_default();
            go(0);
        }
        "End" => {
            ev.prevent_default();
            go(count - 1);
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            env.ui.open_menu.set(None);
            if let Some(key) = menu_id.strip_prefix("menu-") {
                focus_selector(&button_selector(key));
            }
        }
        "Tab" => env.ui.open_menu.set(None),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::item_index;

    #[test]
    fn menu_items_are_found_by_their_id() {
        assert_eq!(item_index("menu-eni-eni-01-item-3"), Some(3));
        assert_eq!(item_index("menu-eni-eni-01"), None);
    }
}
