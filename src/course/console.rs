//! The small AWS CLI console of a lesson step or a lab quiz item: a text field whose
//! lines run as the next steps of the model session, the answers printed as the AWS CLI
//! prints them, and a few quick actions.

use std::borrow::Cow;

use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;
use netlab_model::runner::StepResult;
use netlab_model::script::{expand_args, parse, Args, Command};
use netlab_model::session::Session;

/// One console run: what the learner typed and what came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub input: String,
    pub output: String,
    /// Every step succeeded.
    pub ok: bool,
}

/// Runs console input as the session's next steps and prints the answers: the JSON (or
/// the `--query`/`--output` selection) of each step, `NAME=value` for a capture, the
/// error for a refused step, and the place of a syntax error (which runs nothing). Input
/// that would take the session past what a lab may hold runs nothing either
/// ([`crate::session::check_growth`]).
pub fn run_input(session: &mut Session, text: &str) -> LogEntry {
    let input = text.trim().to_string();
    let script = match parse(&input) {
        Ok(script) => script,
        Err(e) => {
            return LogEntry {
                input,
                output: format!("Syntax error, nothing ran: {e}"),
                ok: false,
            }
        }
    };
    if let Err(failure) = crate::session::check_growth(session, &[], &input) {
        return LogEntry {
            input,
            output: format!("{}: {}", failure.code, failure.message),
            ok: false,
        };
    }
    let results = match session.run(&input) {
        Ok(results) => results,
        Err(e) => {
            return LogEntry {
                input,
                output: format!("Syntax error, nothing ran: {e}"),
                ok: false,
            }
        }
    };
    let mut out: Vec<String> = Vec::new();
    for result in &results {
        let args = script
            .steps
            .iter()
            .find(|s| s.line == result.line)
            .and_then(|s| match &s.command {
                Command::Aws { args, .. }
                | Command::Wait { args, .. }
                | Command::Netlab { args, .. } => Some(args),
                Command::Assign { .. } => None,
            });
        out.push(printed(
            result,
            args.map(|a| expand_args(a, session.vars())),
        ));
    }
    if results.is_empty() && !script.steps.is_empty() {
        out.push("(variable set)".to_string());
    }
    LogEntry {
        input,
        ok: results.iter().all(StepResult::ok),
        output: out.join("\n"),
    }
}

/// What the AWS CLI prints for one step.
fn printed(result: &StepResult, args: Option<Vec<Cow<'_, str>>>) -> String {
    match (&result.outcome, &result.capture) {
        (Err(e), _) => e.to_string(),
        (Ok(_), Some((name, value))) => format!("{name}={value}"),
        (Ok(response), None) => {
            let text = match args.and_then(|a| Args::parse(a).ok()) {
                Some(args) => args.globals.printed(response),
                None => response.pretty(),
            };
            let text = text.trim_end();
            if text.is_empty() {
                "(no output)".to_string()
            } else {
                text.to_string()
            }
        }
    }
}

/// Read-only commands offered as buttons.
const QUICK_ACTIONS: [(&str, &str); 3] = [
    ("Describe instances", "aws ec2 describe-instances"),
    ("Describe interfaces", "aws ec2 describe-network-interfaces"),
    ("Describe addresses", "aws ec2 describe-addresses"),
];

/// The console. `setup` and `seed` rebuild the session for "Start over".
#[component]
pub fn Console(
    session: RwSignal<Session>,
    /// A prefix that makes the console's element ids unique on the page.
    id: String,
    setup: &'static str,
) -> impl IntoView {
    let input = RwSignal::new(String::new());
    let log = RwSignal::new(Vec::<LogEntry>::new());
    let has_log = Memo::new(move |_| log.with(|l| !l.is_empty()));
    let input_id = format!("{id}-input");
    let help_id = format!("{id}-help");

    let run = move |text: String| {
        if text.trim().is_empty() {
            return;
        }
        let entry = session
            .try_update(|s| run_input(s, &text))
            .expect("the session lives as long as its console");
        log.update(|l| l.push(entry));
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = input.get_untracked();
        run(text);
        input.set(String::new());
    };
    let keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() {
            ev.prevent_default();
            let text = input.get_untracked();
            run(text);
            input.set(String::new());
        }
    };
    let undo = move |_| {
        let undone = session.try_update(Session::undo).unwrap_or(false);
        log.update(|l| {
            l.push(LogEntry {
                input: "(undo)".into(),
                output: if undone {
                    "The last step was undone.".into()
                } else {
                    "Nothing to undo.".into()
                },
                ok: undone,
            })
        });
    };
    let start_over = move |_| {
        let seed = session.with_untracked(Session::seed);
        if let Ok(fresh) = netlab_course::start(setup, seed) {
            session.set(fresh);
        }
        log.set(vec![LogEntry {
            input: "(start over)".into(),
            output: "Back to the scenario's starting point.".into(),
            ok: true,
        }]);
    };
    let vars = move || {
        session.with(|s| {
            s.vars()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="console" data-testid="console">
            <form class="console-form" on:submit=submit>
                <label for=input_id.clone()>"AWS CLI"</label>
                <p class="console-help" id=help_id.clone()>
                    "One command per line, e.g. " <code>"aws ec2 describe-instances"</code>
                    ". Scenario variables such as " <code>"$NAME"</code>
                    " work as in bash. Enter runs; Shift+Enter adds a line."
                </p>
                <div class="console-row">
                    <textarea
                        id=input_id
                        data-testid="console-input"
                        rows="2"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        aria-describedby=help_id
                        prop:value=move || input.get()
                        on:input=move |ev| input.set(event_target_value(&ev))
                        on:keydown=keydown
                    ></textarea>
                    <button type="submit" data-testid="console-run">"Run"</button>
                </div>
            </form>
            <div class="console-actions" role="group" aria-label="Quick actions">
                {QUICK_ACTIONS
                    .iter()
                    .map(|&(label, command)| {
                        view! {
                            <button type="button" on:click=move |_| run(command.to_string())>
                                {label}
                            </button>
                        }
                    })
                    .collect_view()}
                <button type="button" data-testid="console-undo" on:click=undo>"Undo last step"</button>
                <button type="button" data-testid="console-start-over" on:click=start_over>"Start over"</button>
            </div>
            <details class="console-vars">
                <summary>"Scenario variables"</summary>
                <dl>
                    {move || {
                        vars()
                            .into_iter()
                            .map(|(k, v)| view! { <dt><code>"$" {k}</code></dt><dd><code>{v}</code></dd> })
                            .collect_view()
                    }}
                </dl>
            </details>
            {move || {
                has_log.get().then(|| {
                    view! {
                        <ol
                            class="console-log"
                            data-testid="console-output"
                            role="log"
                            aria-label="Console output"
                            tabindex="0"
                        >
                            {move || {
                                log.get()
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <li class:failed=!entry.ok data-ok=entry.ok.to_string()>
                                                <pre class="console-in"><code>"$ " {entry.input}</code></pre>
                                                <pre class="console-out"><code>{entry.output}</code></pre>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ol>
                    }
                    .into_any()
                })
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_prints_its_json_and_a_capture_its_variable() {
        let mut s = Session::new(0);
        let e = run_input(
            &mut s,
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)",
        );
        assert!(e.ok);
        assert!(e.output.starts_with("VPC=vpc-"), "{}", e.output);
        let e = run_input(&mut s, "aws ec2 describe-vpcs --vpc-ids $VPC");
        assert!(e.ok);
        assert!(
            e.output.contains("\"CidrBlock\": \"10.0.0.0/16\""),
            "{}",
            e.output
        );
    }

    #[test]
    fn query_and_text_output_are_printed_as_the_cli_does() {
        let mut s = Session::new(0);
        let e = run_input(
            &mut s,
            "aws ec2 create-vpc --cidr-block 10.1.0.0/16 --query Vpc.CidrBlock --output text",
        );
        assert_eq!(e.output, "10.1.0.0/16");
    }

    #[test]
    fn a_refused_step_prints_the_ec2_error() {
        let mut s = Session::new(0);
        let e = run_input(&mut s, "aws ec2 describe-vpcs --vpc-ids vpc-00000000");
        assert!(!e.ok);
        assert!(e.output.contains("An error occurred ("), "{}", e.output);
    }

    #[test]
    fn input_that_would_outgrow_the_lab_runs_nothing() {
        let mut s = Session::new(0);
        let e = run_input(
            &mut s,
            "aws ec2 run-instances --image-id ami-12345678 --count 3000",
        );
        assert!(!e.ok);
        assert!(
            e.output.starts_with(
                "LabLimitExceeded: Nothing ran: line 1 would take the lab past the 300 instances"
            ),
            "{}",
            e.output
        );
        assert!(s.entries().is_empty());
    }

    #[test]
    fn a_syntax_error_runs_nothing() {
        let mut s = Session::new(0);
        let e = run_input(
            &mut s,
            "aws ec2 create-vpc --cidr-block 10.0.0.0/16 | grep x",
        );
        assert!(!e.ok);
        assert!(
            e.output.starts_with("Syntax error, nothing ran: line 1"),
            "{}",
            e.output
        );
        assert!(s.entries().is_empty());
    }
}
