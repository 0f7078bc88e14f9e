//! A lab session: a script plus a cursor. Every action appends one step; the world is
//! what running the steps up to the cursor gives. Undo and redo move the cursor, from
//! snapshots kept every few steps, so they never replay more than a few dozen steps.
//! Export, share links and autosave are the script's text.

use crate::runner::{run_step, StepResult, Vars};
use crate::script::{parse, ScriptSyntaxError};
use crate::world::World;

/// Steps between two kept snapshots of the world.
pub const SNAPSHOT_EVERY: usize = 32;

/// One step of the session: its source text and what it did (`None` for an assignment).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub source: String,
    pub result: Option<StepResult>,
}

#[derive(Debug, Clone)]
struct Snapshot {
    steps: usize,
    world: World,
    vars: Vars,
}

#[derive(Debug, Clone)]
pub struct Session {
    seed: u64,
    entries: Vec<Entry>,
    cursor: usize,
    snapshots: Vec<Snapshot>,
    world: World,
    vars: Vars,
}

impl Session {
    /// A fresh account.
    pub fn new(seed: u64) -> Self {
        let world = World::new(seed);
        Session {
            seed,
            entries: Vec::new(),
            cursor: 0,
            snapshots: vec![Snapshot {
                steps: 0,
                world: world.clone(),
                vars: Vars::new(),
            }],
            world,
            vars: Vars::new(),
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The world after the steps up to the cursor.
    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn vars(&self) -> &Vars {
        &self.vars
    }

    /// The steps in effect (up to the cursor), oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries[..self.cursor]
    }

    /// Steps that redo would bring back.
    pub fn redoable(&self) -> usize {
        self.entries.len() - self.cursor
    }

    /// Runs a script's text as the next steps, as a shell would, and returns their results.
    /// Steps that were undone are dropped first. A syntax error anywhere runs nothing.
    pub fn run(&mut self, text: &str) -> Result<Vec<StepResult>, ScriptSyntaxError> {
        let script = parse(text)?;
        let lines: Vec<&str> = text.lines().collect();
        self.entries.truncate(self.cursor);
        self.snapshots.retain(|s| s.steps <= self.cursor);
        let mut results = Vec::new();
        for (i, step) in script.steps.iter().enumerate() {
            let end = script
                .steps
                .get(i + 1)
                .map_or(lines.len(), |next| next.line - 1);
            let source = step_source(&lines, step.line - 1, end);
            let result = run_step(&mut self.world, &mut self.vars, step);
            results.extend(result.clone());
            self.entries.push(Entry { source, result });
            self.cursor += 1;
            if self.cursor.is_multiple_of(SNAPSHOT_EVERY) {
                self.snapshots.push(Snapshot {
                    steps: self.cursor,
                    world: self.world.clone(),
                    vars: self.vars.clone(),
                });
            }
        }
        Ok(results)
    }

    /// Steps back one step; false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.go_to(self.cursor - 1);
        true
    }

    /// Steps forward again; false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        if self.cursor == self.entries.len() {
            return false;
        }
        self.go_to(self.cursor + 1);
        true
    }

    /// Puts the cursor after `steps` steps, replaying from the nearest snapshot.
    pub fn go_to(&mut self, steps: usize) {
        let steps = steps.min(self.entries.len());
        let snapshot = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.steps <= steps)
            .expect("the snapshot of the fresh account is always kept");
        let (mut world, mut vars) = (snapshot.world.clone(), snapshot.vars.clone());
        // The model is deterministic: replaying a step gives the result it gave before.
        for entry in &self.entries[snapshot.steps..steps] {
            if let Ok(script) = parse(&entry.source) {
                for step in &script.steps {
                    run_step(&mut world, &mut vars, step);
                }
            }
        }
        self.world = world;
        self.vars = vars;
        self.cursor = steps;
    }

    /// The script of the steps in effect: running it in a fresh account rebuilds this world.
    pub fn script(&self) -> String {
        let mut text = String::new();
        for entry in self.entries() {
            text.push_str(&entry.source);
            text.push('\n');
        }
        text
    }
}

/// A step's own text: its lines, without the blank and comment lines that follow it.
fn step_source(lines: &[&str], start: usize, end: usize) -> String {
    let mut end = end.min(lines.len()).max(start + 1).min(lines.len());
    while end > start + 1 {
        let line = lines[end - 1].trim();
        if line.is_empty() || line.starts_with('#') {
            end -= 1;
        } else {
            break;
        }
    }
    lines[start.min(end)..end].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAUNCH: &str = "aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro";

    fn describe(session: &Session) -> String {
        let region = session.world().region("us-east-1").unwrap();
        format!("{:?}", region.describe_instances(&[], &[]))
    }

    fn instances(session: &Session) -> usize {
        session
            .world()
            .region("us-east-1")
            .unwrap()
            .instances()
            .count()
    }

    #[test]
    fn undo_returns_to_the_world_before_the_step() {
        let mut session = Session::new(0);
        session.run(LAUNCH).unwrap();
        session.run(LAUNCH).unwrap();
        assert_eq!(instances(&session), 2);
        assert!(session.undo());
        assert_eq!(instances(&session), 1);
        assert!(session.redo());
        assert_eq!(instances(&session), 2);
    }

    #[test]
    fn a_new_step_after_undo_drops_the_redo_tail() {
        let mut session = Session::new(0);
        session.run(LAUNCH).unwrap();
        session.undo();
        session.run("aws ec2 describe-vpcs").unwrap();
        assert_eq!(session.redoable(), 0);
        assert_eq!(instances(&session), 0);
    }

    #[test]
    fn undo_far_back_replays_from_a_snapshot_and_gives_the_same_world() {
        let mut session = Session::new(3);
        for _ in 0..(SNAPSHOT_EVERY * 2 + 5) {
            session.run(LAUNCH).unwrap();
        }
        let mut fresh = Session::new(3);
        for _ in 0..40 {
            fresh.run(LAUNCH).unwrap();
        }
        session.go_to(40);
        assert_eq!(describe(&session), describe(&fresh));
    }

    #[test]
    fn the_session_script_rebuilds_the_world() {
        let mut session = Session::new(5);
        session.run(&format!("I=$({LAUNCH} --query 'Instances[0].InstanceId' --output text)\n# a comment\naws ec2 stop-instances \\\n  --instance-ids $I\n")).unwrap();
        let mut again = Session::new(5);
        again.run(&session.script()).unwrap();
        assert_eq!(describe(&session), describe(&again));
        assert_eq!(session.entries().len(), 2);
    }

    #[test]
    fn a_syntax_error_runs_nothing() {
        let mut session = Session::new(0);
        assert!(session
            .run(&format!("{LAUNCH}\naws ec2 describe-vpcs | grep x"))
            .is_err());
        assert_eq!(instances(&session), 0);
        assert_eq!(session.entries().len(), 0);
    }
}
