//! The form a menu item opens to complete its step (which Elastic IP, which address...).
//! It shows the AWS CLI step it will run, and runs it through the session.

use super::actions::{FormSpec, Input};
use super::menu::Env;
use crate::lab::drag::focus_selector;
use leptos::prelude::*;

#[component]
pub fn ActionForm() -> impl IntoView {
    let env = expect_context::<Env>();
    move || env.ui.form.get().map(|spec| render_form(env, spec))
}

fn initial_values(spec: &FormSpec) -> Vec<String> {
    spec.fields
        .iter()
        .map(|f| match &f.input {
            Input::Text { value, .. } => value.clone(),
            Input::Select(options) => options.first().map(|o| o.0.clone()).unwrap_or_default(),
        })
        .collect()
}

fn render_form(env: Env, spec: FormSpec) -> AnyView {
    let values = RwSignal::new(initial_values(&spec));
    let spec = StoredValue::new(spec);
    let preview = move || spec.with_value(|s| s.step(&values.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let step = spec.with_value(|s| s.step(&values.get_untracked()));
        env.drag.refusal.set(None);
        if env.lab.run(&step).is_ok() {
            env.ui.form.set(None);
            request_animation_frame(|| focus_selector("[data-testid=\"diagram-wrap\"]"));
        }
    };
    let cancel = move |_| {
        env.ui.form.set(None);
        focus_selector("[data-testid=\"diagram-wrap\"]");
    };
    let title = spec.with_value(|s| s.title.clone());
    let fields = spec.with_value(|s| {
        s.fields
            .iter()
            .enumerate()
            .map(|(n, field)| {
                let id = format!("action-form-field-{n}");
                let set = move |ev| {
                    let value = event_target_value(&ev);
                    values.update(|v| {
                        if let Some(slot) = v.get_mut(n) {
                            *slot = value;
                        }
                    });
                };
                let input = match &field.input {
                    Input::Text { value, hint } => view! {
                        <input
                            id=id.clone()
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            placeholder=hint.clone()
                            value=value.clone()
                            on:input=set
                        />
                    }
                    .into_any(),
                    Input::Select(options) => {
                        let options = options
                            .iter()
                            .map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> })
                            .collect_view();
                        view! { <select id=id.clone() on:change=set>{options}</select> }.into_any()
                    }
                };
                view! {
                    <label for=id>{field.label.clone()}</label>
                    {input}
                }
            })
            .collect_view()
    });
    view! {
        <section class="panel action-form" data-testid="action-form" aria-labelledby="action-form-heading">
            <h2 id="action-form-heading">{title}</h2>
            <form class="launch-form" on:submit=submit>
                {fields}
                <p class="muted">"Step: " <code data-testid="action-form-step">{preview}</code></p>
                <div class="button-row">
                    <button type="submit" class="primary" data-testid="action-form-run">"Run"</button>
                    <button type="button" data-testid="action-form-cancel" on:click=cancel>"Cancel"</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}
