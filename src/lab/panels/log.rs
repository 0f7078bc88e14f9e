//! The action log: every step of the session, each as the AWS CLI command and the AWS
//! Tools for PowerShell command it is (rendered by the model), with a copy button for
//! each, and the model's response (collapsed JSON) or its refusal.

use crate::session::LabSession;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use netlab_model::render::{cli_line, powershell_line};
use netlab_model::script::parse;
use std::time::Duration;

/// One step as the log lists it.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    source: String,
    /// The AWS operation (`attach-network-interface`), `wait ...` or `netlab ...`;
    /// `None` for a plain assignment.
    op: Option<String>,
    error: Option<(String, String)>,
    capture: Option<(String, String)>,
}

/// A step's text rendered both ways, one line per step it holds.
fn rendered(source: &str) -> (String, String) {
    match parse(source) {
        Ok(script) => {
            let cli: Vec<String> = script.steps.iter().map(cli_line).collect();
            let ps: Vec<String> = script.steps.iter().map(powershell_line).collect();
            (cli.join("\n"), ps.join("\n"))
        }
        Err(_) => (source.to_string(), String::new()),
    }
}

#[component]
pub fn ActionLog() -> impl IntoView {
    let session = expect_context::<LabSession>();
    let rows = Memo::new(move |_| {
        session.with_session(|s| {
            s.entries()
                .iter()
                .enumerate()
                .map(|(index, e)| Row {
                    index,
                    source: e.source.clone(),
                    op: e.result.as_ref().map(|r| r.op.clone()),
                    error: e.result.as_ref().and_then(|r| {
                        r.outcome
                            .as_ref()
                            .err()
                            .map(|e| (e.code.as_str().to_string(), e.message.clone()))
                    }),
                    capture: e.result.as_ref().and_then(|r| r.capture.clone()),
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="panel log-panel" aria-labelledby="log-heading">
            <h2 id="log-heading">"Action log"</h2>
            <p class="muted">
                "Every step, as the AWS CLI command and the AWS Tools for PowerShell command it is."
            </p>
            // Scrolled from the bottom (CSS), so the newest step is in view without
            // reading the layout from script.
            <div class="log-scroll" tabindex="0" role="region" aria-labelledby="log-heading">
                <ol class="action-log" data-testid="action-log">
                    <For
                        each=move || rows.get()
                        key=|row| (row.index, row.source.clone(), row.error.is_none())
                        children=move |row| log_entry(session, row)
                    />
                </ol>
            </div>
        </section>
    }
}

fn log_entry(session: LabSession, row: Row) -> impl IntoView {
    let (cli, ps) = rendered(&row.source);
    let ok = row.error.is_none();
    let index = row.index;
    let status = match &row.error {
        Some((code, _)) => {
            view! { <span class="badge badge-error">{code.clone()}</span> }.into_any()
        }
        None => view! { <span class="badge badge-ok">"ok"</span> }.into_any(),
    };
    let outcome = match row.error.clone() {
        Some((code, message)) => view! {
            <p class="log-error" data-testid="log-error">
                <strong>{code}</strong>
                ": "
                {message}
            </p>
        }
        .into_any(),
        None if row.op.is_some() => response_view(session, index).into_any(),
        None => ().into_any(),
    };
    let capture = row.capture.map(|(name, value)| {
        view! { <p class="log-capture muted">{format!("{name} = {value}")}</p> }
    });
    let op_label = row.op.clone().unwrap_or_else(|| "assignment".to_string());
    let ps_line = (!ps.is_empty()).then(|| command_line("PowerShell", "log-powershell", ps));
    view! {
        <li
            class="log-entry"
            data-testid="log-entry"
            data-op=row.op
            data-ok=ok.to_string()
        >
            <div class="log-head">
                <span class="log-op">{op_label}</span>
                {status}
            </div>
            {command_line("AWS CLI", "log-cli", cli)}
            {ps_line}
            {capture}
            {outcome}
        </li>
    }
}

/// The model's JSON response, rendered only once the learner opens it.
fn response_view(session: LabSession, index: usize) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        open.get().then(|| {
            let text = untrack(|| {
                session.with_session(|s| {
                    s.entries()
                        .get(index)
                        .and_then(|e| e.result.as_ref())
                        .and_then(|r| r.outcome.as_ref().ok())
                        .map(|r| r.pretty())
                        .unwrap_or_default()
                })
            });
            view! { <pre class="log-json">{text}</pre> }
        })
    };
    view! {
        <details
            class="log-response"
            data-testid="log-response"
            on:toggle=move |ev| {
                let open_now = ev
                    .target()
                    .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                open.set(open_now);
            }
        >
            <summary>"Response"</summary>
            {body}
        </details>
    }
}

/// One rendering of a step with its copy button.
fn command_line(kind: &'static str, testid: &'static str, text: String) -> impl IntoView {
    let code = NodeRef::<leptos::html::Code>::new();
    let state = RwSignal::new(CopyState::Idle);
    let to_copy = text.clone();
    let copy = move |_| copy_text(to_copy.clone(), state, code);
    let label = format!("Copy the {kind} command");
    view! {
        <div class="log-command">
            <span class="log-kind">{kind}</span>
            <code data-testid=testid node_ref=code>{text}</code>
            <button
                type="button"
                class="copy-button"
                data-testid="copy-button"
                aria-label=label
                on:click=copy
            >
                {move || state.get().label()}
            </button>
        </div>
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    /// The Clipboard API is missing or refused: the text is selected instead.
    Selected,
}

impl CopyState {
    fn label(self) -> &'static str {
        match self {
            CopyState::Idle => "Copy",
            CopyState::Copied => "Copied",
            CopyState::Selected => "Selected: press Ctrl+C",
        }
    }
}

/// Copies through the Clipboard API; where it is missing or refused, selects the text
/// so that the learner copies it with the keyboard.
fn copy_text(text: String, state: RwSignal<CopyState>, code: NodeRef<leptos::html::Code>) {
    let settle = move |copied: bool| {
        if copied {
            state.set(CopyState::Copied);
        } else {
            if let (Some(el), Ok(Some(selection))) =
                (code.get_untracked(), window().get_selection())
            {
                let _ = selection.select_all_children(&el);
            }
            state.set(CopyState::Selected);
        }
        set_timeout(
            move || {
                state.try_set(CopyState::Idle);
            },
            Duration::from_millis(2500),
        );
    };
    let navigator = window().navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null());
    let Some(clipboard) = clipboard else {
        settle(false);
        return;
    };
    let promise = clipboard
        .unchecked_into::<leptos::web_sys::Clipboard>()
        .write_text(&text);
    leptos::task::spawn_local(async move {
        let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        settle(copied);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_renders_as_aws_cli_and_powershell() {
        let (cli, ps) = rendered(
            "ATT=$(aws ec2 attach-network-interface --network-interface-id eni-1 \\\n  --instance-id i-2 --device-index 1 --query AttachmentId --output text)",
        );
        assert_eq!(
            cli,
            "ATT=$(aws ec2 attach-network-interface --network-interface-id eni-1 --instance-id i-2 --device-index 1 --query AttachmentId --output text)"
        );
        assert!(ps.contains("Add-EC2NetworkInterface"), "{ps}");
        assert!(ps.starts_with("$ATT = "), "{ps}");
    }
}
