//! The lab's shared interface state, and the small accessible menu every object has
//! (a menu button and a `role="menu"` of `menuitem`s, driven by the arrow keys, Home,
//! End, Enter and Escape).

use super::actions::{menu_items, Act, FormSpec, MenuItem, Target};
use crate::lab::drag::{self, focus_selector, DragCtx};
use crate::lab::layout::Diagram;
use crate::session::LabSession;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

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

/// A menu button and, while it is open, its menu.
pub fn object_menu(env: Env, target: Target) -> AnyView {
    let key = target.key();
    let menu_id = format!("menu-{key}");
    let button_id = format!("menu-button-{key}");
    let label = format!("Actions for {}", target.describe());
    let is_open = {
        let key = key.clone();
        move || {
            env.ui
                .open_menu
                .with(|m| m.as_deref() == Some(key.as_str()))
        }
    };
    let open = {
        let key = key.clone();
        let menu_id = menu_id.clone();
        move |focus_last: bool| {
            env.ui.open_menu.set(Some(key.clone()));
            let menu_id = menu_id.clone();
            request_animation_frame(move || {
                let selector = if focus_last {
                    format!("#{menu_id} [role=\"menuitem\"]:last-child")
                } else {
                    format!("#{menu_id} [role=\"menuitem\"]")
                };
                focus_selector(&selector);
            });
        }
    };
    let toggle = {
        let is_open = is_open.clone();
        let open = open.clone();
        move |_| {
            if is_open() {
                env.ui.open_menu.set(None);
            } else {
                open(false);
            }
        }
    };
    let button_keys = {
        let open = open.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                open(false);
            }
            "ArrowUp" => {
                ev.prevent_default();
                open(true);
            }
            _ => {}
        }
    };
    let menu = {
        let is_open = is_open.clone();
        let menu_id = menu_id.clone();
        let label = label.clone();
        let key = key.clone();
        let button_id = button_id.clone();
        move || {
            if !is_open() {
                return None;
            }
            let items: Vec<MenuItem> = env.lab.with_region(|r| menu_items(r, &target));
            let count = items.len();
            let menu_id = menu_id.clone();
            let button_id = button_id.clone();
            let entries = items
                .into_iter()
                .enumerate()
                .map(|(n, item)| {
                    let key = key.clone();
                    let act = item.act.clone();
                    view! {
                        <button
                            type="button"
                            role="menuitem"
                            tabindex="-1"
                            class="menu-item"
                            data-testid="menu-item"
                            id=format!("{menu_id}-item-{n}")
                            on:click=move |_| activate(env, &key, act.clone())
                        >
                            {item.label}
                        </button>
                    }
                })
                .collect_view();
            let keys = {
                let menu_id = menu_id.clone();
                move |ev: leptos::ev::KeyboardEvent| {
                    let current = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| item_index(&el.id()));
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
                            focus_selector(&format!("#{button_id}"));
                        }
                        "Tab" => env.ui.open_menu.set(None),
                        _ => {}
                    }
                }
            };
            Some(view! {
                <div
                    class="menu"
                    role="menu"
                    id=menu_id.clone()
                    data-testid="menu"
                    aria-label=label.clone()
                    on:keydown=keys
                >
                    {entries}
                </div>
            })
        }
    };
    let expanded = is_open.clone();
    view! {
        <div class="menu-anchor">
            <button
                type="button"
                class="menu-button"
                id=button_id.clone()
                data-testid="menu-button"
                data-menu-key=key.clone()
                aria-haspopup="menu"
                aria-expanded=move || expanded().to_string()
                aria-controls=move || is_open().then(|| menu_id.clone())
                aria-label=label.clone()
                on:click=toggle
                on:keydown=button_keys
            >
                <span aria-hidden="true">"⋮"</span>
            </button>
            {menu}
        </div>
    }
    .into_any()
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
