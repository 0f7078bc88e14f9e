//! The form a menu item opens to complete its step (which Elastic IP, which address...).
//! It shows the AWS CLI step it will run, and runs it through the session. It is drawn as
//! one piece of markup while it is open, its fields and buttons handled once for the form.

use super::actions::{FormSpec, Input};
use super::menu::Env;
use crate::lab::drag::focus_selector;
use crate::lab::html::{attr, event_id, keep_drawn, push_esc, push_option};
use leptos::prelude::*;

/// The id of a form's field `n`, by which its label and its events find it.
const FIELD_ID: &str = "action-form-field-";

fn initial_values(spec: &FormSpec) -> Vec<String> {
    spec.fields
        .iter()
        .map(|f| match &f.input {
            Input::Text { value, .. } => value.clone(),
            Input::Select(options) => options.first().map(|o| o.0.clone()).unwrap_or_default(),
        })
        .collect()
}

/// The form of `spec`, showing the step its `values` make.
fn form_markup(spec: &FormSpec, values: &[String]) -> String {
    let mut out = String::from(
        r#"<section class="panel action-form" data-testid="action-form" aria-labelledby="action-form-heading"><h2 id="action-form-heading">"#,
    );
    push_esc(&mut out, &spec.title);
    out.push_str(r#"</h2><form class="launch-form">"#);
    for (n, field) in spec.fields.iter().enumerate() {
        let id = format!("{FIELD_ID}{n}");
        out.push_str("<label");
        attr(&mut out, "for", &id);
        out.push('>');
        push_esc(&mut out, &field.label);
        out.push_str("</label>");
        match &field.input {
            Input::Text { value, hint } => {
                out.push_str("<input");
                attr(&mut out, "id", &id);
                out.push_str(r#" type="text" autocomplete="off" spellcheck="false""#);
                attr(&mut out, "placeholder", hint);
                attr(&mut out, "value", value);
                out.push('>');
            }
            Input::Select(options) => {
                out.push_str("<select");
                attr(&mut out, "id", &id);
                out.push('>');
                for (value, label) in options {
                    push_option(&mut out, value, label, false);
                }
                out.push_str("</select>");
            }
        }
    }
    out.push_str(r#"<p class="muted">Step: <code data-testid="action-form-step">"#);
    push_esc(&mut out, &spec.step(values));
    out.push_str(concat!(
        r#"</code></p><div class="button-row">"#,
        r#"<button type="submit" class="primary" data-testid="action-form-run">Run</button>"#,
        r#"<button type="button" id="action-form-cancel" data-testid="action-form-cancel">Cancel</button>"#,
        r#"</div></form></section>"#,
    ));
    out
}

/// The open form, if any.
#[component]
pub fn ActionForm() -> impl IntoView {
    let env = expect_context::<Env>();
    let values = StoredValue::new(Vec::<String>::new());
    let place = NodeRef::<leptos::html::Div>::new();
    keep_drawn(place, move || {
        env.ui.form.with(|spec| {
            spec.as_ref()
                .map(|spec| {
                    values.set_value(initial_values(spec));
                    values.with_value(|v| form_markup(spec, v))
                })
                .unwrap_or_default()
        })
    });
    let step = move || {
        env.ui
            .form
            .with_untracked(|spec| spec.as_ref().map(|s| values.with_value(|v| s.step(v))))
    };

    let set = move |ev: leptos::ev::Event| {
        let Some(n) = event_id(&ev)
            .strip_prefix(FIELD_ID)
            .and_then(|n| n.parse::<usize>().ok())
        else {
            return;
        };
        let value = event_target_value(&ev);
        values.update_value(|v| {
            if let Some(slot) = v.get_mut(n) {
                *slot = value;
            }
        });
        let preview = place.get_untracked().and_then(|p| {
            p.query_selector("[data-testid=\"action-form-step\"]")
                .ok()
                .flatten()
        });
        if let (Some(preview), Some(step)) = (preview, step()) {
            preview.set_text_content(Some(&step));
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(step) = step() else {
            return;
        };
        env.drag.refusal.set(None);
        if env.lab.run(&step).is_ok() {
            env.ui.form.set(None);
            request_animation_frame(|| focus_selector("[data-testid=\"diagram-wrap\"]"));
        }
    };
    let cancel = move |ev: leptos::ev::MouseEvent| {
        if event_id(&ev) == "action-form-cancel" {
            env.ui.form.set(None);
            focus_selector("[data-testid=\"diagram-wrap\"]");
        }
    };
    view! {
        <div
            class="markup-part"
            node_ref=place
            on:input=set
            on:change=set
            on:submit=submit
            on:click=cancel
        ></div>
    }
}
