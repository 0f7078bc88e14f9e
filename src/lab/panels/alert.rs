//! The model's last refusal, with EC2's error code, announced as an alert.

use crate::lab::html::{attr, event_id, keep_drawn, push_esc};
use crate::session::{LabSession, StepFailure};
use leptos::prelude::*;

/// The alert of a refusal.
fn alert_markup(failure: &StepFailure) -> String {
    let mut out = String::from(r#"<div class="alert" role="alert" data-testid="error-alert""#);
    attr(&mut out, "data-error-code", &failure.code);
    out.push_str(r#"><p><strong class="alert-code">"#);
    push_esc(&mut out, &failure.code);
    out.push_str("</strong>: ");
    push_esc(&mut out, &failure.message);
    out.push_str(r#"</p><button type="button" class="link-button" id="dismiss-error" data-testid="dismiss-error">Dismiss</button></div>"#);
    out
}

/// The alert, drawn as markup while there is a refusal to show.
#[component]
pub fn ErrorAlert() -> impl IntoView {
    let session = expect_context::<LabSession>();
    let place = NodeRef::<leptos::html::Div>::new();
    keep_drawn(place, move || {
        session
            .last_failure()
            .map(|f| alert_markup(&f))
            .unwrap_or_default()
    });
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if event_id(&ev) == "dismiss-error" {
            session.dismiss_failure();
        }
    };
    view! { <div class="markup-part" node_ref=place on:click=on_click></div> }
}
