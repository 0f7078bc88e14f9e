//! The action log: every step of the session, each as the AWS CLI command and the AWS
//! Tools for PowerShell command it is (rendered by the model), with a copy button for
//! each, and the model's response (collapsed JSON) or its refusal.

use crate::lab::html::{attr, event_element, push_esc};
use crate::session::LabSession;
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use netlab_model::render::{cli_line, powershell_line};
use netlab_model::script::parse;
use std::fmt::Write;
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

/// The action log: one piece of markup per step, appended as steps are taken (the steps
/// kept from the last drawing stay as they are, with their opened answers), and one
/// click handler for every entry's copy buttons and answers.
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
    let list = NodeRef::<leptos::html::Ol>::new();
    // The effect keeps the rows it last drew as its value.
    Effect::new(move |drawn: Option<Vec<Row>>| {
        let mut drawn = drawn.unwrap_or_default();
        if let Some(list) = list.get() {
            rows.with(|rows| draw_rows(&list, &mut drawn, rows));
        }
        drawn
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
                <ol
                    class="action-log"
                    data-testid="action-log"
                    node_ref=list
                    on:click=move |ev| on_click(session, &ev)
                ></ol>
            </div>
        </section>
    }
}

/// Brings the drawn entries up to `rows`: the entries that still match stay, the rest
/// are removed, and the new ones are appended as one piece of markup.
fn draw_rows(list: &web_sys::Element, drawn: &mut Vec<Row>, rows: &[Row]) {
    let kept = drawn.iter().zip(rows).take_while(|(d, r)| d == r).count();
    while list.child_element_count() as usize > kept {
        if let Some(last) = list.last_element_child() {
            last.remove();
        }
    }
    drawn.truncate(kept);
    let mut markup = String::new();
    for row in &rows[kept..] {
        push_entry(&mut markup, row);
        drawn.push(row.clone());
    }
    if !markup.is_empty() {
        let _ = list.insert_adjacent_html("beforeend", &markup);
    }
}

/// Appends one step's entry: its operation and outcome, its two renderings with their
/// copy buttons, what it captured, and its refusal or a closed answer.
fn push_entry(out: &mut String, row: &Row) {
    let (cli, ps) = rendered(&row.source);
    let _ = write!(
        out,
        "<li class=\"log-entry\" data-testid=\"log-entry\" data-index=\"{}\"",
        row.index
    );
    if let Some(op) = &row.op {
        attr(out, "data-op", op);
    }
    let _ = write!(out, " data-ok=\"{}\">", row.error.is_none());
    out.push_str("<div class=\"log-head\"><span class=\"log-op\">");
    push_esc(out, row.op.as_deref().unwrap_or("assignment"));
    out.push_str("</span>");
    match &row.error {
        Some((code, _)) => {
            out.push_str("<span class=\"badge badge-error\">");
            push_esc(out, code);
            out.push_str("</span>");
        }
        None => out.push_str("<span class=\"badge badge-ok\">ok</span>"),
    }
    out.push_str("</div>");
    push_command(out, "AWS CLI", "log-cli", &cli);
    if !ps.is_empty() {
        push_command(out, "PowerShell", "log-powershell", &ps);
    }
    if let Some((name, value)) = &row.capture {
        out.push_str("<p class=\"log-capture muted\">");
        push_esc(out, &format!("{name} = {value}"));
        out.push_str("</p>");
    }
    match &row.error {
        Some((code, message)) => {
            out.push_str("<p class=\"log-error\" data-testid=\"log-error\"><strong>");
            push_esc(out, code);
            out.push_str("</strong>: ");
            push_esc(out, message);
            out.push_str("</p>");
        }
        None if row.op.is_some() => out.push_str(
            "<details class=\"log-response\" data-testid=\"log-response\"><summary>Response</summary></details>",
        ),
        None => {}
    }
    out.push_str("</li>");
}

/// Appends one rendering of a step with its copy button.
fn push_command(out: &mut String, kind: &str, testid: &str, text: &str) {
    let _ = write!(
        out,
        "<div class=\"log-command\"><span class=\"log-kind\">{kind}</span><code data-testid=\"{testid}\">"
    );
    push_esc(out, text);
    let _ = write!(
        out,
        "</code><button type=\"button\" class=\"copy-button\" data-testid=\"copy-button\" aria-label=\"Copy the {kind} command\">{}</button></div>",
        CopyState::Idle.label()
    );
}

/// A click in the log: a copy button copies its command; an entry's answer, as it opens,
/// is filled with the model's JSON response (rendered only then).
fn on_click(session: LabSession, ev: &leptos::ev::MouseEvent) {
    let Some(target) = event_element(ev) else {
        return;
    };
    if let Ok(Some(button)) = target.closest(".copy-button") {
        if let Some(code) = button.previous_element_sibling() {
            copy_text(code.text_content().unwrap_or_default(), button, code);
        }
        return;
    }
    let Ok(Some(summary)) = target.closest(".log-response > summary") else {
        return;
    };
    let Some(details) = summary.parent_element() else {
        return;
    };
    // The click opens it after this handler: fill it now with the step's answer.
    if details.has_attribute("open") {
        return;
    }
    if let Ok(Some(shown)) = details.query_selector("pre") {
        shown.remove();
    }
    let index = details
        .closest(".log-entry")
        .ok()
        .flatten()
        .and_then(|entry| entry.get_attribute("data-index"))
        .and_then(|i| i.parse::<usize>().ok());
    let Some(index) = index else { return };
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
    let mut markup = String::from("<pre class=\"log-json\">");
    push_esc(&mut markup, &text);
    markup.push_str("</pre>");
    let _ = details.insert_adjacent_html("beforeend", &markup);
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
/// of `code` so that the learner copies it with the keyboard. `button` says which, for a
/// moment.
fn copy_text(text: String, button: web_sys::Element, code: web_sys::Element) {
    let settle = move |copied: bool| {
        let state = if copied {
            CopyState::Copied
        } else {
            if let Ok(Some(selection)) = window().get_selection() {
                let _ = selection.select_all_children(&code);
            }
            CopyState::Selected
        };
        button.set_text_content(Some(state.label()));
        set_timeout(
            move || button.set_text_content(Some(CopyState::Idle.label())),
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
