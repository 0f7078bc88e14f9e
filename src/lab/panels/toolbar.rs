//! The session's controls: undo and redo (also Ctrl+Z and Ctrl+Shift+Z), reset, export
//! as `session.sh`, a share link, and the simulated clock.

use super::actions::clock_form;
use super::menu::Env;
use crate::lab::after_paint;
use crate::lab::drag::focus_selector;
use crate::lab::html::{attr, event_element, event_id, keep_drawn, part, push_esc};
use crate::lab::share;
use leptos::prelude::*;

/// Whether keyboard focus is in a text field, whose own undo must keep working.
fn typing_in_a_field(ev: &leptos::ev::KeyboardEvent) -> bool {
    event_element(ev).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || el.get_attribute("contenteditable").is_some()
    })
}

/// The page's address without its hash, where a share link points.
fn page_address() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_string(),
        None => href,
    }
}

/// The toolbar's fixed markup: its buttons, and the place of the share link.
const TOOLBAR: &str = concat!(
    r#"<div class="button-row">"#,
    r#"<button type="button" id="undo" data-testid="undo" aria-keyshortcuts="Control+Z">Undo</button>"#,
    r#"<button type="button" id="redo" data-testid="redo" aria-keyshortcuts="Control+Shift+Z">Redo</button>"#,
    r#"<button type="button" id="reset" data-testid="reset">Reset</button>"#,
    r#"<a class="button-link" data-testid="export" download="session.sh">Export session.sh</a>"#,
    r#"<button type="button" id="share" data-testid="share">Share link</button>"#,
    r#"<button type="button" id="advance-clock" data-testid="advance-clock">Advance clock…</button>"#,
    r#"</div><div class="share-link-part"></div>"#,
);

/// The share link made, or why it could not be.
fn link_markup(link: Option<&Result<String, String>>) -> String {
    let mut out = String::new();
    match link {
        Some(Ok(url)) => {
            out.push_str(r#"<label for="share-link" class="muted">Share link (it carries the whole session)</label><input id="share-link" data-testid="share-link" type="text" readonly"#);
            attr(&mut out, "value", url);
            out.push('>');
        }
        Some(Err(message)) => {
            out.push_str(r#"<p class="muted" data-testid="share-error">"#);
            push_esc(&mut out, message);
            out.push_str("</p>");
        }
        None => {}
    }
    out
}

/// The session's controls, as one piece of markup whose buttons are handled once for the
/// toolbar; what follows the session (undo and redo enabled, the export link) is set on
/// the elements themselves. The export link and the share link (none yet) are written
/// once `later` turns true.
#[component]
pub fn Toolbar(later: ReadSignal<bool>) -> impl IntoView {
    let env = expect_context::<Env>();
    let lab = env.lab;
    let link = RwSignal::new(None::<Result<String, String>>);

    let undo = move || {
        env.drag.refusal.set(None);
        lab.undo();
    };
    let redo = move || {
        env.drag.refusal.set(None);
        lab.redo();
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || typing_in_a_field(&ev) {
            return;
        }
        match ev.key().to_ascii_lowercase().as_str() {
            "z" if ev.shift_key() => {
                ev.prevent_default();
                redo();
            }
            "z" => {
                ev.prevent_default();
                undo();
            }
            "y" => {
                ev.prevent_default();
                redo();
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let export_href = move || {
        let script = format!(
            "#!/bin/bash\n# An EC2 Network Lab session: run it with bash against AWS, or with netlab run.\n{}",
            lab.script()
        );
        format!(
            "data:text/x-shellscript;charset=utf-8,{}",
            crate::route::encode(&script)
        )
    };
    let make_link = move || {
        let text = lab.saved_text();
        let payload = share::encode_payload(&text);
        link.set(Some(if payload.len() > share::MAX_LINK_CHARS {
            Err(format!(
                "This session is too long to share as a link ({} characters; the most is {}). Export it as session.sh instead.",
                payload.len(),
                share::MAX_LINK_CHARS
            ))
        } else {
            Ok(format!("{}{}", page_address(), share::lab_hash(&payload)))
        }));
        request_animation_frame(|| focus_selector("#share-link"));
    };
    let reset = move || {
        env.ui.selected.set(None);
        env.ui.form.set(None);
        env.drag.refusal.set(None);
        link.set(None);
        lab.reset();
    };
    let advance = move || {
        env.ui.form.set(Some(clock_form()));
        request_animation_frame(|| focus_selector("#action-form-field-0"));
    };

    let toolbar = NodeRef::<leptos::html::Section>::new();
    let part = move |selector: &str| part(toolbar, selector);
    Effect::new(move |_| {
        let (undo, redo) = (!lab.can_undo(), !lab.can_redo());
        if let (Some(undo_button), Some(redo_button)) = (part("#undo"), part("#redo")) {
            let _ = undo_button.toggle_attribute_with_force("disabled", undo);
            let _ = redo_button.toggle_attribute_with_force("disabled", redo);
        }
    });
    after_paint::once(later, move || {
        Effect::new(move |_| {
            let href = export_href();
            if let Some(export) = part("[data-testid=\"export\"]") {
                let _ = export.set_attribute("href", &href);
            }
        });
        Effect::new(move |_| {
            let markup = link.with(|l| link_markup(l.as_ref()));
            if let Some(place) = part(".share-link-part") {
                place.set_inner_html(&markup);
            }
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| match event_id(&ev).as_str() {
        "undo" => undo(),
        "redo" => redo(),
        "reset" => reset(),
        "share" => make_link(),
        "advance-clock" => advance(),
        _ => {}
    };

    view! {
        <section
            class="panel toolbar"
            data-testid="toolbar"
            aria-label="Session"
            node_ref=toolbar
            inner_html=TOOLBAR
            on:click=on_click
        ></section>
    }
}

/// How the lab was loaded (a shared link, a restored save, or why not), in a status
/// region whose content is drawn as markup.
#[component]
pub fn Notice() -> impl IntoView {
    let lab = expect_context::<Env>().lab;
    let region = NodeRef::<leptos::html::Div>::new();
    keep_drawn(region, move || {
        let mut out = String::new();
        if let Some(notice) = lab.notice() {
            out.push_str(r#"<div class="notice" data-testid="notice"><p>"#);
            push_esc(&mut out, &notice);
            out.push_str(r#"</p><button type="button" class="link-button" id="dismiss-notice" data-testid="dismiss-notice">Dismiss</button></div>"#);
        }
        out
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if event_id(&ev) == "dismiss-notice" {
            lab.dismiss_notice();
        }
    };
    view! { <div role="status" class="notice-region" node_ref=region on:click=on_click></div> }
}

/// The model's answer to the last action, drawn as markup once there is one.
#[component]
pub fn LastAnswer() -> impl IntoView {
    let lab = expect_context::<Env>().lab;
    let place = NodeRef::<leptos::html::Div>::new();
    keep_drawn(place, move || {
        let mut out = String::new();
        if let Some(answer) = lab.last_answer() {
            out.push_str(r#"<section class="panel" data-testid="last-answer" aria-labelledby="answer-heading"><h2 id="answer-heading">The model's answer</h2><pre class="answer"><code>"#);
            push_esc(&mut out, &answer.steps);
            out.push_str(
                r#"</code></pre><pre class="answer answer-json" tabindex="0" aria-label="Response"><code>"#,
            );
            push_esc(
                &mut out,
                if answer.response.is_empty() {
                    "(no output)"
                } else {
                    &answer.response
                },
            );
            out.push_str("</code></pre></section>");
        }
        out
    });
    view! { <div class="markup-part" node_ref=place></div> }
}
