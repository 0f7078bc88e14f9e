//! The script console: a pasted AWS CLI script runs on the lab as a shell would run it,
//! or is loaded for replay and played one step at a time (play, pause, step, speed).
//! A syntax error anywhere runs nothing and says where, by line and column.

use crate::replay::{speed_named, Replay, BASE_SPEED, SPEEDS};
use crate::session::LabSession;
use leptos::prelude::*;
use netlab_model::script::{parse, ScriptSyntaxError};
use std::time::Duration;

/// The line of `text` an error points at, and a caret under its column.
fn excerpt(text: &str, error: &ScriptSyntaxError) -> (String, String) {
    let line = text
        .lines()
        .nth(error.line.saturating_sub(1))
        .unwrap_or_default()
        .to_string();
    let caret = format!("{}^", " ".repeat(error.column.saturating_sub(1)));
    (line, caret)
}

/// The character offset of a line and column in `text`, for placing the caret.
fn offset_of(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            return u32::try_from(offset + column.saturating_sub(1).min(l.chars().count()))
                .unwrap_or(0);
        }
        offset += l.chars().count() + 1;
    }
    u32::try_from(offset).unwrap_or(0)
}

#[component]
pub fn ScriptConsole() -> impl IntoView {
    let session = expect_context::<LabSession>();
    let text = RwSignal::new(String::new());
    let syntax = RwSignal::new(None::<(ScriptSyntaxError, String)>);
    let summary = RwSignal::new(None::<String>);
    let replay = RwSignal::new(None::<Replay>);
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(BASE_SPEED);
    let input = NodeRef::<leptos::html::Textarea>::new();

    // Parses first: a syntax error shows where it is and nothing runs.
    let check = move || -> bool {
        let script = text.get_untracked();
        match parse(&script) {
            Ok(_) => {
                syntax.set(None);
                true
            }
            Err(error) => {
                if let Some(area) = input.get_untracked() {
                    let at = offset_of(&script, error.line, error.column);
                    let _ = area.focus();
                    let _ = area.set_selection_range(at, at);
                }
                syntax.set(Some((error, script)));
                summary.set(None);
                false
            }
        }
    };

    let run = move |_| {
        if !check() {
            return;
        }
        let before = session.with_session(|s| s.entries().len());
        let _ = session.run_typed(&text.get_untracked());
        let (steps, refused) = session.with_session(|s| {
            let new = &s.entries()[before.min(s.entries().len())..];
            let refused = new
                .iter()
                .filter(|e| e.result.as_ref().is_some_and(|r| !r.ok()))
                .count();
            (new.len(), refused)
        });
        let plural = if steps == 1 { "" } else { "s" };
        summary.set(Some(match refused {
            0 => format!("Ran {steps} step{plural}; the model accepted every one."),
            n => format!("Ran {steps} step{plural}; the model refused {n} (see the action log)."),
        }));
    };

    let load = move |_| {
        if !check() {
            return;
        }
        playing.set(false);
        summary.set(None);
        replay.set(Replay::load(&text.get_untracked()).ok());
    };

    // One step of the replay: the next line is appended to the session.
    let step = move || {
        let mut next = None;
        replay.update(|r| next = r.as_mut().and_then(Replay::advance));
        match next {
            Some(line) => {
                let _ = session.run_typed(&line);
                if session.last_failure().is_some() {
                    playing.set(false);
                }
            }
            None => playing.set(false),
        }
        if replay.with(|r| r.as_ref().is_none_or(Replay::is_done)) {
            playing.set(false);
        }
    };

    let interval = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        let on = playing.get();
        let every = speed.get().interval_ms;
        interval.update_value(|handle| {
            if let Some(h) = handle.take() {
                h.clear();
            }
            if on {
                *handle =
                    set_interval_with_handle(move || untrack(step), Duration::from_millis(every))
                        .ok();
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some(h)) = interval.try_update_value(Option::take) {
            h.clear();
        }
    });

    let error_view = move || {
        syntax.get().map(|(error, script)| {
            let (line, caret) = excerpt(&script, &error);
            view! {
                <div
                    class="alert"
                    role="alert"
                    data-testid="script-error"
                    data-error-code="ScriptSyntax"
                    data-line=error.line.to_string()
                    data-column=error.column.to_string()
                >
                    <p>
                        <strong class="alert-code">"ScriptSyntax"</strong>
                        {format!(": line {}, column {}: {}", error.line, error.column, error.message)}
                    </p>
                    <pre class="script-excerpt">{line}"\n"{caret}</pre>
                    <p class="muted">"Nothing was run."</p>
                </div>
            }
        })
    };

    let replay_view = move || {
        replay.with(|r| {
            r.as_ref().map(|r| {
                let played = r.played();
                let total = r.steps().len();
                let state = if r.is_done() {
                    "done"
                } else if playing.get() {
                    "playing"
                } else {
                    "paused"
                };
                let steps = r
                    .steps()
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let class = if i < played { "replay-step played" } else { "replay-step" };
                        let current = (i == played).then_some("step");
                        view! { <li class=class aria-current=current><code>{s.clone()}</code></li> }
                    })
                    .collect_view();
                view! {
                    <div
                        class="replay"
                        data-testid="replay"
                        data-played=played.to_string()
                        data-total=total.to_string()
                        data-state=state
                    >
                        <p class="replay-position" aria-live="polite">
                            {format!("Replay: step {played} of {total} played")}
                        </p>
                        <div class="button-row">
                            <button type="button" data-testid="replay-play"
                                disabled=r.is_done() || playing.get()
                                on:click=move |_| playing.set(true)>"Play"</button>
                            <button type="button" data-testid="replay-pause"
                                disabled=!playing.get()
                                on:click=move |_| playing.set(false)>"Pause"</button>
                            <button type="button" data-testid="replay-step"
                                disabled=r.is_done()
                                on:click=move |_| { playing.set(false); step(); }>"Step"</button>
                            <label class="inline-label">
                                "Speed "
                                <select data-testid="replay-speed"
                                    on:change=move |ev| speed.set(speed_named(&event_target_value(&ev)))>
                                    {SPEEDS
                                        .iter()
                                        .map(|s| view! { <option value=s.name selected=*s == speed.get_untracked()>{format!("{}×", s.name)}</option> })
                                        .collect_view()}
                                </select>
                            </label>
                            <button type="button" class="link-button" data-testid="replay-close"
                                on:click=move |_| { playing.set(false); replay.set(None); }>"Close"</button>
                        </div>
                        <ol class="replay-steps">{steps}</ol>
                    </div>
                }
            })
        })
    };

    view! {
        <section class="panel console-panel" aria-labelledby="console-heading">
            <h2 id="console-heading">"Script console"</h2>
            <label for="script-input" class="muted">
                "Paste an AWS CLI script: Run applies it to the lab as bash would; Replay plays it one step at a time."
            </label>
            <textarea
                id="script-input"
                data-testid="script-input"
                rows="7"
                spellcheck="false"
                autocomplete="off"
                placeholder="aws ec2 describe-instances"
                node_ref=input
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="button-row">
                <button type="button" class="primary" data-testid="script-run" on:click=run>"Run"</button>
                <button type="button" data-testid="script-replay" on:click=load>"Load for replay"</button>
            </div>
            {error_view}
            {move || summary.get().map(|s| view! { <p class="muted" role="status" data-testid="script-result">{s}</p> })}
            {replay_view}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_points_at_its_line_and_column() {
        let text = "aws ec2 describe-vpcs\naws ec2 describe-subnets | grep x\n";
        let error = parse(text).unwrap_err();
        let (line, caret) = excerpt(text, &error);
        assert_eq!(line, "aws ec2 describe-subnets | grep x");
        assert_eq!(caret.len(), error.column);
        assert_eq!(offset_of(text, 2, 1), 22);
        assert_eq!(offset_of(text, 1, 5), 4);
    }
}
