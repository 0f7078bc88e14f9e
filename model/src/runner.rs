//! Runs a parsed script against a world, as a shell would: expands variables, runs each
//! step, stores captures, goes on after a failed step (bash without `set -e`), and
//! renders every step as one JSON line.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::operations::{run_aws, run_netlab, waiters_run};
use crate::response::Response;
pub use crate::script::Vars;
use crate::script::{
    expand_args, parse, Args, Command, GlobalOptions, Queries, Script, ScriptSyntaxError, Step,
};
use crate::world::World;
use serde::Serialize;

/// What one step did.
#[derive(Debug, Clone, PartialEq)]
pub struct StepResult {
    /// The 1-based line where the step starts.
    pub line: usize,
    /// `attach-network-interface`, `wait instance-running` or `netlab send-traffic`.
    pub op: String,
    pub outcome: Result<Response, Ec2Error>,
    /// `(NAME, value)` for a capture step.
    pub capture: Option<(String, String)>,
}

/// Appends `value` as JSON (strings quoted and escaped as serde_json does).
fn push_json<T: Serialize + ?Sized>(out: &mut String, value: &T) {
    if crate::json_text::write(out, value).is_err() {
        out.push_str("null");
    }
}

/// Appends one line of `netlab run` output, without its newline: `line`, `op`, `ok`,
/// then `response` (the response's JSON text as it is) or `error`, then `var` and
/// `value` for a capture.
fn push_line(
    out: &mut String,
    line: usize,
    op: Option<&str>,
    outcome: Result<&Response, &Ec2Error>,
    capture: Option<&(String, String)>,
) {
    out.push_str("{\"line\":");
    push_json(out, &line);
    if let Some(op) = op {
        out.push_str(",\"op\":");
        push_json(out, op);
    }
    match outcome {
        Ok(response) => {
            out.push_str(",\"ok\":true,\"response\":");
            out.push_str(response.json());
        }
        Err(e) => {
            out.push_str(",\"ok\":false,\"error\":{\"Code\":");
            push_json(out, e.code.as_str());
            out.push_str(",\"Message\":");
            push_json(out, &e.message);
            out.push('}');
        }
    }
    if let Some((name, value)) = capture {
        out.push_str(",\"var\":");
        push_json(out, name);
        out.push_str(",\"value\":");
        push_json(out, value);
    }
    out.push('}');
}

impl StepResult {
    pub fn ok(&self) -> bool {
        self.outcome.is_ok()
    }

    /// Appends the step as one line of `netlab run` output (without its newline).
    pub fn write_json_line(&self, out: &mut String) {
        push_line(
            out,
            self.line,
            Some(&self.op),
            self.outcome.as_ref(),
            self.capture.as_ref(),
        );
    }

    /// The step as one line of `netlab run` output.
    pub fn to_json_line(&self) -> String {
        let mut out =
            String::with_capacity(64 + self.outcome.as_ref().map_or(0, |r| r.json().len()));
        self.write_json_line(&mut out);
        out
    }
}

/// Writes every step as its line of `netlab run` output, each followed by a newline,
/// through one line buffer reused from step to step: what the `netlab` command prints,
/// and what the model's end-to-end benchmark times.
pub fn write_json_lines<W: std::io::Write>(
    results: &[StepResult],
    out: &mut W,
) -> std::io::Result<()> {
    let mut line = String::new();
    for result in results {
        line.clear();
        result.write_json_line(&mut line);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// The one line printed for a script refused for its syntax.
pub fn syntax_error_line(error: &ScriptSyntaxError) -> String {
    let e: Ec2Error = error.clone().into();
    let mut out = String::new();
    push_line(&mut out, error.line, None, Err(&e), None);
    out
}

/// Runs an `aws ec2` operation, a waiter or a `netlab` step by its name.
type Run = fn(&mut World, &str, Args) -> Ec2Result<Response>;

/// Runs steps one after another, keeping what one step's work can lend the next: the
/// `--query` paths parsed so far, which a script's captures repeat.
#[derive(Default)]
pub struct Runner {
    queries: Queries,
}

impl Runner {
    /// A runner that has parsed no query yet.
    pub fn new() -> Runner {
        Runner::default()
    }

    /// Runs one step. A plain assignment only sets its variable and yields no result.
    pub fn run_step(
        &mut self,
        world: &mut World,
        vars: &mut Vars,
        step: &Step,
    ) -> Option<StepResult> {
        let (op, name, args, run): (String, &str, _, Run) = match &step.command {
            Command::Assign { name, value } => {
                let value = value.expand(vars);
                vars.insert(name.clone(), value);
                return None;
            }
            Command::Aws { operation, args } => (operation.clone(), operation, args, run_aws),
            Command::Wait { waiter, args } => (format!("wait {waiter}"), waiter, args, waiters_run),
            Command::Netlab { operation, args } => {
                (format!("netlab {operation}"), operation, args, run_netlab)
            }
        };
        let parsed = Args::parse_with(expand_args(args, vars), |text| self.queries.parse(text));
        let mut captured = None;
        let outcome = parsed.and_then(|mut args| {
            // A capture prints the response under the step's `--query` and `--output`,
            // which the operation itself does not read.
            let printing = step.capture.as_ref().map(|_| GlobalOptions {
                query: args.globals.query.take(),
                output: args.globals.output,
                ..GlobalOptions::default()
            });
            let outcome = run(world, name, args);
            if let (Ok(response), Some(printing)) = (&outcome, printing) {
                captured = Some(printing.captured(response));
            }
            outcome
        });
        let capture = step.capture.as_ref().map(|name| {
            let value = captured.unwrap_or_default();
            match vars.get_mut(name) {
                Some(old) => old.clone_from(&value),
                None => {
                    vars.insert(name.clone(), value.clone());
                }
            }
            (name.clone(), value)
        });
        Some(StepResult {
            line: step.line,
            op,
            outcome,
            capture,
        })
    }
}

/// Runs one step (see [`Runner::run_step`]).
pub fn run_step(world: &mut World, vars: &mut Vars, step: &Step) -> Option<StepResult> {
    Runner::new().run_step(world, vars, step)
}

/// Runs every step of a parsed script, in order, going on after failures.
pub fn run_script(world: &mut World, vars: &mut Vars, script: &Script) -> Vec<StepResult> {
    let mut runner = Runner::new();
    script
        .steps
        .iter()
        .filter_map(|step| runner.run_step(world, vars, step))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runner_kept_from_step_to_step_runs_them_as_fresh_ones_do() {
        let script = parse(
            "IDS='sg-1 sg-2'\n\
             V=$(aws ec2 describe-vpcs --query 'Vpcs[0].VpcId' --output text)\n\
             S=$(aws ec2 create-subnet --vpc-id $V --cidr-block 172.31.240.0/24 --query Subnet.SubnetId --output text)\n\
             aws ec2 describe-subnets --subnet-ids \"$S\" $S --query 'Subnets[0]'\n\
             aws ec2 describe-security-groups --group-ids $IDS --bogus\n\
             Q=$(aws ec2 describe-vpcs --query 'Vpcs[0].VpcId' --output text)\n",
        )
        .expect("the script parses");
        let (mut kept_world, mut kept_vars) = (World::new(0), Vars::new());
        let (mut fresh_world, mut fresh_vars) = (World::new(0), Vars::new());
        let mut runner = Runner::new();
        for step in &script.steps {
            let kept = runner.run_step(&mut kept_world, &mut kept_vars, step);
            let fresh = run_step(&mut fresh_world, &mut fresh_vars, step);
            assert_eq!(kept, fresh, "line {}", step.line);
        }
        assert_eq!(kept_vars, fresh_vars);
        assert!(kept_vars["S"].starts_with("subnet-"), "{kept_vars:?}");
        assert_eq!(kept_vars["Q"], kept_vars["V"]);
    }
}
