//! Runs a parsed script against a world, as a shell would: expands variables, runs each
//! step, stores captures, goes on after a failed step (bash without `set -e`), and
//! renders every step as one JSON line.

use crate::error::{Ec2Error, ErrorCode};
use crate::operations::{run_aws, run_netlab, waiters_run};
use crate::script::query::captured;
use crate::script::{expand_args, parse, Args, Command, Script, ScriptSyntaxError, Step};
use crate::world::World;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Shell variables of a session: captures and plain assignments.
pub type Vars = BTreeMap<String, String>;

/// What one step did.
#[derive(Debug, Clone, PartialEq)]
pub struct StepResult {
    /// The 1-based line where the step starts.
    pub line: usize,
    /// `attach-network-interface`, `wait instance-running` or `netlab send-traffic`.
    pub op: String,
    pub outcome: Result<Value, Ec2Error>,
    /// `(NAME, value)` for a capture step.
    pub capture: Option<(String, String)>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    #[serde(rename = "Code")]
    code: &'a str,
    #[serde(rename = "Message")]
    message: &'a str,
}

#[derive(Serialize)]
struct Line<'a> {
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    op: Option<&'a str>,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorBody<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    var: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

fn json_line(line: &Line<'_>) -> String {
    serde_json::to_string(line).unwrap_or_default()
}

impl StepResult {
    pub fn ok(&self) -> bool {
        self.outcome.is_ok()
    }

    /// The step as one line of `netlab run` output.
    pub fn to_json_line(&self) -> String {
        let (response, error) = match &self.outcome {
            Ok(value) => (Some(value), None),
            Err(e) => (
                None,
                Some(ErrorBody {
                    code: e.code.as_str(),
                    message: &e.message,
                }),
            ),
        };
        json_line(&Line {
            line: self.line,
            op: Some(&self.op),
            ok: self.outcome.is_ok(),
            response,
            error,
            var: self.capture.as_ref().map(|(n, _)| n.as_str()),
            value: self.capture.as_ref().map(|(_, v)| v.as_str()),
        })
    }
}

/// The one line printed for a script refused for its syntax.
pub fn syntax_error_line(error: &ScriptSyntaxError) -> String {
    let e: Ec2Error = error.clone().into();
    json_line(&Line {
        line: error.line,
        op: None,
        ok: false,
        response: None,
        error: Some(ErrorBody {
            code: e.code.as_str(),
            message: &e.message,
        }),
        var: None,
        value: None,
    })
}

/// Runs one step. A plain assignment only sets its variable and yields no result.
pub fn run_step(world: &mut World, vars: &mut Vars, step: &Step) -> Option<StepResult> {
    let (op, outcome, globals) = match &step.command {
        Command::Assign { name, value } => {
            let value = value.expand(vars);
            vars.insert(name.clone(), value);
            return None;
        }
        Command::Aws { operation, args } => {
            let parsed = Args::parse(&expand_args(args, vars));
            let globals = parsed.as_ref().ok().map(|a| a.globals.clone());
            (
                operation.clone(),
                parsed.and_then(|a| run_aws(world, operation, a)),
                globals,
            )
        }
        Command::Wait { waiter, args } => {
            let parsed = Args::parse(&expand_args(args, vars));
            let globals = parsed.as_ref().ok().map(|a| a.globals.clone());
            (
                format!("wait {waiter}"),
                parsed.and_then(|a| waiters_run(world, waiter, a)),
                globals,
            )
        }
        Command::Netlab { operation, args } => {
            let parsed = Args::parse(&expand_args(args, vars));
            let globals = parsed.as_ref().ok().map(|a| a.globals.clone());
            (
                format!("netlab {operation}"),
                parsed.and_then(|a| run_netlab(world, operation, a)),
                globals,
            )
        }
    };
    let capture = step.capture.as_ref().map(|name| {
        let value = match (&outcome, &globals) {
            (Ok(response), Some(globals)) => captured(&globals.printed(response)),
            _ => String::new(),
        };
        vars.insert(name.clone(), value.clone());
        (name.clone(), value)
    });
    Some(StepResult {
        line: step.line,
        op,
        outcome,
        capture,
    })
}

/// Runs every step of a parsed script, in order, going on after failures.
pub fn run_script(world: &mut World, vars: &mut Vars, script: &Script) -> Vec<StepResult> {
    script
        .steps
        .iter()
        .filter_map(|step| run_step(world, vars, step))
        .collect()
}

/// Parses and runs a script's text; a syntax error anywhere runs nothing.
pub fn run_text(
    world: &mut World,
    vars: &mut Vars,
    text: &str,
) -> Result<Vec<StepResult>, ScriptSyntaxError> {
    let script = parse(text)?;
    Ok(run_script(world, vars, &script))
}

/// Whether an error is the client's (the AWS CLI's) rather than EC2's.
pub fn is_client_side(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::ScriptSyntax
            | ErrorCode::UnknownParameter
            | ErrorCode::WaiterFailed
            | ErrorCode::InvalidAction
    )
}
