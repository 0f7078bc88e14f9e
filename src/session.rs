//! The lab session: the model's [`Session`] (a script of AWS CLI steps plus a cursor) in
//! one reactive signal. Components read the world from it and change it only by
//! appending a step; every networking decision is the model's.

use crate::lab::{first_picture, share};
use leptos::prelude::*;
use netlab_model::response::Response;
use netlab_model::runner::{run_text, Runner, StepResult, Vars};
use netlab_model::script::{parse, Script, ScriptSyntaxError};
use netlab_model::session::Session;
use netlab_model::world::DEFAULT_REGION;
use netlab_model::{Region, World};

/// The seed of a new lab: ids and addresses are the same on every visit.
pub const LAB_SEED: u64 = 1;

/// The lab's starting point, shared with the model's scenario tests.
pub const DEFAULT_SCENARIO: &str = include_str!("../scenarios/default.sh");

/// The AMI every launch from the form uses (the model accepts any `ami-` id).
pub const LAUNCH_IMAGE_ID: &str = "ami-0abcdef1234567890";

/// A refusal shown to the learner: EC2's error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    pub code: String,
    pub message: String,
}

/// The public IPv4 choice of the launch form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicIpChoice {
    /// Neither flag: the subnet's auto-assign setting decides.
    #[default]
    SubnetDefault,
    /// `--associate-public-ip-address`.
    Yes,
    /// `--no-associate-public-ip-address`.
    No,
}

impl PublicIpChoice {
    pub const ALL: [PublicIpChoice; 3] = [
        PublicIpChoice::SubnetDefault,
        PublicIpChoice::Yes,
        PublicIpChoice::No,
    ];

    /// The value of the form's option.
    pub fn value(self) -> &'static str {
        match self {
            PublicIpChoice::SubnetDefault => "default",
            PublicIpChoice::Yes => "yes",
            PublicIpChoice::No => "no",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PublicIpChoice::SubnetDefault => "Subnet default",
            PublicIpChoice::Yes => "Assign a public IP",
            PublicIpChoice::No => "No public IP",
        }
    }

    pub fn from_value(value: &str) -> Self {
        match value {
            "yes" => PublicIpChoice::Yes,
            "no" => PublicIpChoice::No,
            _ => PublicIpChoice::SubnetDefault,
        }
    }
}

/// What the launch form asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LaunchRequest {
    pub instance_type: String,
    pub subnet_id: String,
    pub public_ip: PublicIpChoice,
    /// An optional primary private IPv4 address; empty lets the model pick one.
    pub private_ip: String,
    /// `--hibernation-options Configured=true`: the instance can later be hibernated.
    pub hibernation: bool,
}

impl LaunchRequest {
    /// The AWS CLI step that launches it.
    pub fn to_step(&self) -> String {
        let mut step = format!(
            "aws ec2 run-instances --image-id {LAUNCH_IMAGE_ID} --instance-type {} --subnet-id {}",
            shell_word(&self.instance_type),
            shell_word(&self.subnet_id)
        );
        match self.public_ip {
            PublicIpChoice::SubnetDefault => {}
            PublicIpChoice::Yes => step.push_str(" --associate-public-ip-address"),
            PublicIpChoice::No => step.push_str(" --no-associate-public-ip-address"),
        }
        let private_ip = self.private_ip.trim();
        if !private_ip.is_empty() {
            step.push_str(" --private-ip-address ");
            step.push_str(&shell_word(private_ip));
        }
        if self.hibernation {
            step.push_str(" --hibernation-options Configured=true");
        }
        step
    }
}

/// The AWS CLI step that terminates an instance.
pub fn terminate_step(instance_id: &str) -> String {
    format!(
        "aws ec2 terminate-instances --instance-ids {}",
        shell_word(instance_id)
    )
}

/// A value as one shell word: bare when it is plainly safe, else single-quoted, so that
/// whatever a learner types reaches the model as one argument and nothing else.
pub fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '/'));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// Runs steps on a model session; the first refusal, if any, is returned.
pub fn run_steps(session: &mut Session, text: &str) -> Result<(), StepFailure> {
    let results = session.run(text).map_err(syntax_failure)?;
    first_refusal(&results)
}

fn syntax_failure(e: ScriptSyntaxError) -> StepFailure {
    StepFailure {
        code: "ScriptSyntax".to_string(),
        message: e.to_string(),
    }
}

fn first_refusal(results: &[StepResult]) -> Result<(), StepFailure> {
    match results.iter().find_map(|r| r.outcome.as_ref().err()) {
        Some(error) => Err(StepFailure {
            code: error.code.as_str().to_string(),
            message: error.message.clone(),
        }),
        None => Ok(()),
    }
}

/// A response as the answer panel shows it: indented JSON (nothing for no response).
fn shown(response: Option<Response>) -> String {
    response.map_or_else(String::new, |r| r.pretty())
}

/// A fresh session with the default scenario run.
pub fn default_session() -> Session {
    let mut session = Session::new(LAB_SEED);
    // The scenario is part of the build and tested natively: it cannot fail here.
    let _ = run_steps(&mut session, DEFAULT_SCENARIO);
    session
}

/// The steps that move an interface to an instance, once the model has accepted them on a
/// copy of the world: `detach-network-interface` (when it is attached), then
/// `attach-network-interface` at the instance's first free device index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovePlan {
    pub steps: String,
    pub device_index: u32,
}

/// Plans moving interface `eni` to instance `instance` by asking the model on a copy of the
/// world; the first refusal (EC2's code and message) is returned as it is.
pub fn plan_move(session: &Session, eni: &str, instance: &str) -> Result<MovePlan, StepFailure> {
    let mut world = session.world().clone();
    let mut vars = session.vars().clone();
    let mut steps = Vec::new();
    let attachment = {
        let region = lab_region(&world);
        let interface = region
            .network_interfaces()
            .find(|n| n.id.to_string() == eni)
            .ok_or_else(|| not_found("InvalidNetworkInterfaceID.NotFound", eni))?;
        interface.attachment.as_ref().map(|a| a.id.to_string())
    };
    if let Some(attachment) = attachment {
        let detach = format!(
            "aws ec2 detach-network-interface --attachment-id {}",
            shell_word(&attachment)
        );
        let results = run_text(&mut world, &mut vars, &detach).map_err(syntax_failure)?;
        first_refusal(&results)?;
        steps.push(detach);
    }
    // The first device index the instance has free (a forced detach leaves one blocked).
    let device_index = {
        let region = lab_region(&world);
        let target = region
            .instances()
            .find(|i| i.id.to_string() == instance)
            .ok_or_else(|| not_found("InvalidInstanceID.NotFound", instance))?;
        (1..)
            .find(|n| {
                !target.interfaces.contains_key(n) && !target.blocked_device_indexes.contains(n)
            })
            .unwrap_or(1)
    };
    let attach = format!(
        "aws ec2 attach-network-interface --network-interface-id {} --instance-id {} --device-index {device_index}",
        shell_word(eni),
        shell_word(instance)
    );
    let results = run_text(&mut world, &mut vars, &attach).map_err(syntax_failure)?;
    first_refusal(&results)?;
    steps.push(attach);
    Ok(MovePlan {
        steps: steps.join("\n"),
        device_index,
    })
}

fn not_found(code: &str, id: &str) -> StepFailure {
    StepFailure {
        code: code.to_string(),
        message: format!("The resource '{id}' does not exist"),
    }
}

fn lab_region(world: &World) -> &Region {
    world
        .region(DEFAULT_REGION)
        .expect("the default Region is always simulated")
}

/// The comment line that carries a saved lab's undo points (step counts).
const UNDO_POINTS: &str = "# ec2-netlab undo points:";

/// A lab as text, for a share link or the autosave: its undo points as a comment line,
/// then its script. The text is a valid script by itself.
pub fn saved_text(session: &Session, marks: &[usize]) -> String {
    let mut text = String::from(UNDO_POINTS);
    for mark in marks {
        text.push_str(&format!(" {mark}"));
    }
    text.push('\n');
    text.push_str(&session.script());
    text
}

/// A lab rebuilt from [`saved_text`] (or any script): only the script parser and the model
/// read it. The undo points are kept where they are in range and increasing; without
/// them, the whole script is the starting point.
pub fn load_saved(text: &str) -> Result<(Session, Vec<usize>), LoadError> {
    if text.len() > share::MAX_SCRIPT_BYTES {
        return Err(LoadError::Share(share::ShareError::TooLarge));
    }
    check_budget(text)?;
    let mut session = Session::new(LAB_SEED);
    session.run(text).map_err(LoadError::Syntax)?;
    let total = session.entries().len();
    let mut marks: Vec<usize> = Vec::new();
    if let Some(line) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix(UNDO_POINTS))
    {
        for mark in line
            .split_whitespace()
            .take(10_000)
            .filter_map(|w| w.parse::<usize>().ok())
        {
            if mark <= total && marks.last().is_none_or(|last| mark > *last) {
                marks.push(mark);
            }
        }
    }
    if marks.last() != Some(&total) {
        marks.push(total);
    }
    Ok((session, marks))
}

/// The most steps a shared or saved lab may have.
pub const MAX_LOADED_STEPS: usize = 2_000;
/// The most instances a shared or saved lab may launch (all Regions together).
pub const MAX_LOADED_INSTANCES: usize = 300;

/// Refuses a script that would take the page too long to run or to draw: too many steps,
/// or too many instances (one `--count` can launch thousands).
fn check_budget(text: &str) -> Result<(), LoadError> {
    let script = parse(text).map_err(LoadError::Syntax)?;
    past_budget(World::new(LAB_SEED), Vars::new(), 0, &script)?;
    Ok(())
}

/// What takes a lab past what a lab may load.
enum OverBudget {
    /// More than [`MAX_LOADED_STEPS`] steps in all.
    Steps(usize),
    /// The step at this line takes it over [`MAX_LOADED_INSTANCES`].
    Instances(usize),
}

impl From<OverBudget> for LoadError {
    fn from(over: OverBudget) -> Self {
        match over {
            OverBudget::Steps(n) => LoadError::TooManySteps(n),
            OverBudget::Instances(line) => LoadError::TooManyInstances(line),
        }
    }
}

/// Runs `script` after `steps` steps on `world` and `vars` (copies) and answers its steps'
/// results, or what takes it past what a lab may load: at most [`MAX_LOADED_STEPS`] steps
/// and [`MAX_LOADED_INSTANCES`] instances. It runs step by step and stops at the first step
/// over the budget, so a hostile script costs at most one oversized step.
fn past_budget(
    mut world: World,
    mut vars: Vars,
    steps: usize,
    script: &Script,
) -> Result<Vec<StepResult>, OverBudget> {
    let total = steps + script.steps.len();
    if total > MAX_LOADED_STEPS {
        return Err(OverBudget::Steps(total));
    }
    let mut runner = Runner::new();
    let mut results = Vec::new();
    for step in &script.steps {
        results.extend(runner.run_step(&mut world, &mut vars, step));
        let instances: usize = world.regions().map(|r| r.instances().count()).sum();
        if instances > MAX_LOADED_INSTANCES {
            return Err(OverBudget::Instances(step.line));
        }
    }
    Ok(results)
}

/// Asks the model first: runs `text` after `session` (with its undo points `marks`) on a
/// copy of its world and variables, and answers the steps' results; the session is
/// unchanged. Refused, and nothing runs, when the text has a syntax error (`ScriptSyntax`,
/// as the run itself would refuse it) or would take the lab past what a lab may load
/// again: its steps, its instances, the size of its saved text. So whatever the learner
/// builds comes back after a reload and through a share link.
pub fn check_growth(
    session: &Session,
    marks: &[usize],
    text: &str,
) -> Result<Vec<StepResult>, StepFailure> {
    let script = parse(text).map_err(syntax_failure)?;
    // The saved text grows by at most the steps' text, a line break each and the
    // gesture's undo point.
    let grown = saved_text(session, marks).len() + text.len() + script.steps.len() + 8;
    if grown > share::MAX_SCRIPT_BYTES {
        return Err(lab_limit(format!(
            "the lab's script would pass {} KB, the most a lab may save",
            share::MAX_SCRIPT_BYTES / 1024
        )));
    }
    past_budget(
        session.world().clone(),
        session.vars().clone(),
        session.entries().len(),
        &script,
    )
    .map_err(|over| {
        lab_limit(match over {
            OverBudget::Steps(n) => format!(
                "the lab would have {n} steps, more than the {MAX_LOADED_STEPS} a lab may hold"
            ),
            OverBudget::Instances(line) => format!(
                "line {line} would take the lab past the {MAX_LOADED_INSTANCES} instances a lab may draw"
            ),
        })
    })
}

/// The code of a gesture refused because the lab would outgrow what a lab may load.
pub const LAB_LIMIT_EXCEEDED: &str = "LabLimitExceeded";

/// The refusal of a gesture that would take the lab past what a lab may load again.
fn lab_limit(why: String) -> StepFailure {
    StepFailure {
        code: LAB_LIMIT_EXCEEDED.to_string(),
        message: format!(
            "Nothing ran: {why}. A lab stays within what the page can draw, save and load again."
        ),
    }
}

/// Why a shared or saved lab could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Share(share::ShareError),
    Syntax(ScriptSyntaxError),
    /// More steps than [`MAX_LOADED_STEPS`].
    TooManySteps(usize),
    /// The step at this line takes the lab over [`MAX_LOADED_INSTANCES`].
    TooManyInstances(usize),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Share(e) => e.fmt(f),
            LoadError::Syntax(e) => e.fmt(f),
            LoadError::TooManySteps(n) => write!(
                f,
                "it has {n} steps, more than the {MAX_LOADED_STEPS} a lab may load"
            ),
            LoadError::TooManyInstances(line) => write!(
                f,
                "line {line}: it launches more than the {MAX_LOADED_INSTANCES} instances a lab may draw"
            ),
        }
    }
}

/// Loads a share link's payload.
pub fn load_link(payload: &str) -> Result<(Session, Vec<usize>), LoadError> {
    let text = share::decode_payload(payload).map_err(LoadError::Share)?;
    load_saved(&text)
}

/// Where undo goes from `cursor`: the undo point before it (never below the first one,
/// the lab's starting point).
pub fn undo_target(marks: &[usize], cursor: usize) -> Option<usize> {
    let floor = marks.first().copied().unwrap_or(0);
    if cursor <= floor {
        return None;
    }
    Some(
        marks
            .iter()
            .rev()
            .find(|m| **m < cursor)
            .copied()
            .unwrap_or(floor)
            .max(floor),
    )
}

/// Where redo goes from `cursor`: the next undo point, at most `total` steps.
pub fn redo_target(marks: &[usize], cursor: usize, total: usize) -> Option<usize> {
    if cursor >= total {
        return None;
    }
    Some(
        marks
            .iter()
            .find(|m| **m > cursor)
            .copied()
            .unwrap_or(total)
            .min(total),
    )
}

/// The model's answer to the last action: its step and the response as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub steps: String,
    pub response: String,
}

/// The localStorage key of the autosaved lab (`src/split/later.js` reads it too: a page
/// with an autosave loads the wasm's later part before it starts).
const AUTOSAVE_KEY: &str = "ec2-netlab.lab.v1";

/// The lab session as the app sees it: the model session, its undo points, the last
/// refusal and answer, and a notice about how the lab was loaded.
///
/// A lab that opens on the default scenario, on a page that carries the build's picture
/// of it ([`crate::lab::first_picture`]), runs the model only when the session is first
/// read: until then the session is `None`, `live` is false, and the first frame's panels
/// draw the picture. Every read and write below fills it first ([`LabSession::ensure`]).
#[derive(Clone, Copy)]
pub struct LabSession {
    session: RwSignal<Option<Session>>,
    /// False while the lab is the build's picture of the default scenario (tracked by
    /// the panels that draw it); true from the first read of the session on.
    live: RwSignal<bool>,
    /// Step counts the undo and redo buttons stop at (one per gesture); the first is the
    /// lab's starting point.
    marks: RwSignal<Vec<usize>>,
    last_failure: RwSignal<Option<StepFailure>>,
    last_answer: RwSignal<Option<Answer>>,
    notice: RwSignal<Option<String>>,
}

/// The default scenario and its one undo point. It is run once per page (the model is
/// deterministic): the lab's start, a reset and the autosave's comparison share the run.
fn default_state() -> (Session, Vec<usize>) {
    static DEFAULT: std::sync::OnceLock<(Session, Vec<usize>)> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            let session = default_session();
            let marks = vec![session.entries().len()];
            (session, marks)
        })
        .clone()
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The lab a page opens with: a share link in the location, else the autosave, else the
/// default scenario; a link or save that cannot be read is named in the notice. `None`
/// is the default scenario left to run when first read (the page shows the build's
/// picture of it until then).
fn initial_state() -> Option<(Session, Vec<usize>, Option<String>)> {
    let hash = window().location().hash().unwrap_or_default();
    if let Some(payload) = share::link_param(&hash) {
        let outcome = load_link(payload);
        // The link is consumed: later reloads restore the autosave instead.
        if let Ok(history) = window().history() {
            let consumed = share::consumed_link_hash(&hash);
            let _ =
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&consumed));
        }
        return Some(match outcome {
            Ok((session, marks)) => (
                session,
                marks,
                Some("Opened the lab from a shared link.".to_string()),
            ),
            Err(e) => {
                let (session, marks) = default_state();
                (
                    session,
                    marks,
                    Some(format!(
                        "The shared link could not be read: {e}. The default scenario was loaded instead."
                    )),
                )
            }
        });
    }
    if let Some(saved) = storage().and_then(|s| s.get_item(AUTOSAVE_KEY).ok().flatten()) {
        return Some(match load_saved(&saved) {
            Ok((session, marks)) => (session, marks, None),
            Err(e) => {
                let (session, marks) = default_state();
                (
                    session,
                    marks,
                    Some(format!(
                        "The saved lab could not be restored: {e}. The default scenario was loaded instead."
                    )),
                )
            }
        });
    }
    if first_picture::available() {
        return None;
    }
    let (session, marks) = default_state();
    Some((session, marks, None))
}

/// What the autosave holds for the default scenario untouched: nothing (a lab with no
/// autosave opens on the default scenario, drawn from the build's picture).
fn default_saved_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let (session, marks) = default_state();
        saved_text(&session, &marks)
    })
}

/// Keeps the lab's text in localStorage, or nothing when it is the default scenario
/// untouched; a lab too long for a link is not saved.
fn autosave(text: &str) {
    let Some(storage) = storage() else {
        return;
    };
    if text == default_saved_text() {
        let _ = storage.remove_item(AUTOSAVE_KEY);
    } else if text.len() <= share::MAX_SCRIPT_BYTES {
        let _ = storage.set_item(AUTOSAVE_KEY, text);
    }
}

/// The session [`LabSession::ensure`] has filled.
fn filled(session: &Option<Session>) -> &Session {
    session.as_ref().expect("ensure() has filled the session")
}

/// The undo point that undo goes back to, from the session's step count.
fn undo_point(session: &Session, marks: &[usize]) -> Option<usize> {
    undo_target(marks, session.entries().len())
}

/// The undo point that redo brings back, from the session's step count and its undone
/// steps.
fn redo_point(session: &Session, marks: &[usize]) -> Option<usize> {
    let cursor = session.entries().len();
    redo_target(marks, cursor, cursor + session.redoable())
}

impl LabSession {
    /// The lab as the page opens it, autosaved to localStorage after every change.
    pub fn new() -> Self {
        let (session, marks, notice) = match initial_state() {
            Some((session, marks, notice)) => (Some(session), marks, notice),
            None => (None, Vec::new(), None),
        };
        let lab = LabSession {
            live: RwSignal::new(session.is_some()),
            session: RwSignal::new(session),
            marks: RwSignal::new(marks),
            last_failure: RwSignal::new(None),
            last_answer: RwSignal::new(None),
            notice: RwSignal::new(notice),
        };
        Effect::new(move |_| {
            if lab.live.get() {
                autosave(&lab.saved_text());
            }
        });
        lab
    }

    /// Runs the default scenario if the lab is still the build's picture of it.
    fn ensure(&self) {
        if self.session.with_untracked(Option::is_some) {
            return;
        }
        let (session, marks) = default_state();
        self.replace(session, marks);
    }

    /// Whether the lab still shows the build's picture of the default scenario, its model
    /// not run yet (tracked: turns false once, when the session is first read).
    pub fn is_picture(&self) -> bool {
        !self.live.get()
    }

    /// Reads the session (tracked), running the default scenario first if need be.
    fn read<T>(&self, f: impl FnOnce(&Session) -> T) -> T {
        self.ensure();
        self.session.with(|s| f(filled(s)))
    }

    /// Reads the session untracked, running the default scenario first if need be.
    fn read_untracked<T>(&self, f: impl FnOnce(&Session) -> T) -> T {
        self.ensure();
        self.session.with_untracked(|s| f(filled(s)))
    }

    /// Reads the session and its undo points (tracked), running the default scenario
    /// first if need be (which sets the undo points too).
    fn read_marked<T>(&self, f: impl FnOnce(&Session, &[usize]) -> T) -> T {
        self.ensure();
        self.marks
            .with(|marks| self.session.with(|s| f(filled(s), marks)))
    }

    /// Reads the session and its undo points untracked, running the default scenario
    /// first if need be.
    fn read_marked_untracked<T>(&self, f: impl FnOnce(&Session, &[usize]) -> T) -> T {
        self.ensure();
        self.marks
            .with_untracked(|marks| self.session.with_untracked(|s| f(filled(s), marks)))
    }

    /// Changes the session, running the default scenario first if need be.
    fn write(&self, f: impl FnOnce(&mut Session)) {
        self.ensure();
        self.session.update(|s| {
            if let Some(s) = s {
                f(s);
            }
        });
    }

    /// Replaces the session (the default scenario when first read, a reset, or a
    /// ready-made scenario).
    fn replace(&self, session: Session, marks: Vec<usize>) {
        self.session.set(Some(session));
        self.marks.set(marks);
        self.live.set(true);
    }

    /// Reads the world (tracked: the caller re-runs when a step changes it).
    pub fn with_world<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        self.read(|s| f(s.world()))
    }

    /// Reads the lab's Region (tracked).
    pub fn with_region<T>(&self, f: impl FnOnce(&Region) -> T) -> T {
        self.with_world(|w| f(lab_region(w)))
    }

    /// Reads the model session (tracked).
    pub fn with_session<T>(&self, f: impl FnOnce(&Session) -> T) -> T {
        self.read(f)
    }

    /// The session's script (tracked).
    pub fn script(&self) -> String {
        self.read(Session::script)
    }

    /// The lab as text for a link or the autosave (tracked).
    pub fn saved_text(&self) -> String {
        self.read_marked(saved_text)
    }

    /// The last refusal, if the last action was refused (tracked).
    pub fn last_failure(&self) -> Option<StepFailure> {
        self.last_failure.get()
    }

    /// The model's answer to the last action (tracked).
    pub fn last_answer(&self) -> Option<Answer> {
        self.last_answer.get()
    }

    /// How the lab was loaded, when there is something to say (tracked).
    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }

    pub fn dismiss_notice(&self) {
        self.notice.set(None);
    }

    /// The results of `text` run on a copy of the lab, or its refusal ([`check_growth`]).
    fn within_budget(&self, text: &str) -> Result<Vec<StepResult>, StepFailure> {
        self.read_marked_untracked(|s, marks| check_growth(s, marks, text))
    }

    /// One gesture: its steps are tried on a copy of the world first; when the model
    /// accepts them all they are appended (one undo point), else nothing changes and the
    /// refusal is returned and kept for the alert.
    pub fn run(&self, text: &str) -> Result<(), StepFailure> {
        let outcome = self.within_budget(text).and_then(|results| {
            first_refusal(&results)?;
            Ok(results.into_iter().last().and_then(|r| r.outcome.ok()))
        });
        match outcome {
            Ok(response) => {
                self.commit(text);
                self.last_failure.set(None);
                self.last_answer.set(Some(Answer {
                    steps: text.to_string(),
                    response: shown(response),
                }));
                Ok(())
            }
            Err(failure) => {
                self.last_failure.set(Some(failure.clone()));
                Err(failure)
            }
        }
    }

    /// Runs typed or replayed steps as a shell would: every step is appended, refused ones
    /// too (the action log shows them), as one undo point. A syntax error runs nothing,
    /// nor do steps that would outgrow the lab ([`check_growth`]).
    /// The first refusal is returned and kept for the alert.
    pub fn run_typed(&self, text: &str) -> Result<(), StepFailure> {
        if let Err(failure) = self.within_budget(text) {
            self.last_failure.set(Some(failure.clone()));
            return Err(failure);
        }
        let mut outcome = Ok(());
        let mut response = None;
        let (mut before, mut after) = (0, 0);
        self.write(|s| {
            before = s.entries().len();
            outcome = match s.run(text) {
                Ok(results) => {
                    response = results.last().and_then(|r| r.outcome.clone().ok());
                    first_refusal(&results)
                }
                Err(e) => Err(syntax_failure(e)),
            };
            after = s.entries().len();
        });
        if after > before {
            self.marks.update(|marks| {
                marks.retain(|m| *m <= before);
                marks.push(after);
            });
            self.last_answer.set(Some(Answer {
                steps: text.to_string(),
                response: shown(response),
            }));
        }
        self.last_failure.set(outcome.clone().err());
        outcome
    }

    /// Appends steps the model already accepted, as one gesture.
    fn commit(&self, text: &str) {
        let (mut before, mut after) = (0, 0);
        self.write(|s| {
            before = s.entries().len();
            let _ = s.run(text);
            after = s.entries().len();
        });
        // Undo points of the undone steps that this gesture replaces are dropped.
        self.marks.update(|marks| {
            marks.retain(|m| *m <= before);
            marks.push(after);
        });
    }

    /// Moves an interface to an instance (drag and drop, or the keyboard): planned on a
    /// copy of the world, then committed as one gesture. A refusal changes nothing.
    pub fn move_interface(&self, eni: &str, instance: &str) -> Result<MovePlan, StepFailure> {
        let plan = self.read_untracked(|s| plan_move(s, eni, instance))?;
        // Moving launches nothing, but its steps count toward the lab's.
        self.within_budget(&plan.steps)?;
        self.commit(&plan.steps);
        self.last_failure.set(None);
        self.last_answer.set(Some(Answer {
            steps: plan.steps.clone(),
            response: String::new(),
        }));
        Ok(plan)
    }

    /// False while the lab is the build's picture (the default scenario: nothing to undo).
    pub fn can_undo(&self) -> bool {
        !self.is_picture() && self.read_marked(undo_point).is_some()
    }

    /// False while the lab is the build's picture (nothing undone to redo).
    pub fn can_redo(&self) -> bool {
        !self.is_picture() && self.read_marked(redo_point).is_some()
    }

    /// Goes back one gesture; false when at the starting point.
    pub fn undo(&self) -> bool {
        self.go_to(self.read_marked_untracked(undo_point))
    }

    /// Brings back one undone gesture; false when there is none.
    pub fn redo(&self) -> bool {
        self.go_to(self.read_marked_untracked(redo_point))
    }

    /// Moves the session to the undo point `target`; false when there is none.
    fn go_to(&self, target: Option<usize>) -> bool {
        let Some(target) = target else {
            return false;
        };
        self.write(|s| s.go_to(target));
        self.last_failure.set(None);
        true
    }

    /// A fresh account with the default scenario.
    pub fn reset(&self) {
        let (session, marks) = default_state();
        self.replace(session, marks);
        self.last_failure.set(None);
        self.last_answer.set(None);
        self.notice.set(Some(
            "The lab was reset to the default scenario.".to_string(),
        ));
    }

    /// Starts again from a fresh account with `script` run (a ready-made scenario).
    pub fn start_over(&self, script: &str) {
        let mut fresh = Session::new(LAB_SEED);
        let outcome = run_steps(&mut fresh, script);
        let marks = vec![fresh.entries().len()];
        self.replace(fresh, marks);
        self.last_answer.set(None);
        self.last_failure.set(outcome.err());
    }

    pub fn dismiss_failure(&self) {
        self.last_failure.set(None);
    }

    /// Shows a refusal that did not come from [`LabSession::run`].
    pub fn show_failure(&self, failure: Option<StepFailure>) {
        self.last_failure.set(failure);
    }
}

impl Default for LabSession {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(session: &Session) -> &Region {
        session.world().region(DEFAULT_REGION).unwrap()
    }

    #[test]
    fn the_default_scenario_runs_without_a_refusal() {
        let mut session = Session::new(LAB_SEED);
        assert_eq!(run_steps(&mut session, DEFAULT_SCENARIO), Ok(()));
        assert_eq!(region(&session).instances().count(), 3);
    }

    #[test]
    fn a_launch_from_the_form_is_one_run_instances_step() {
        let mut session = default_session();
        let subnet = region(&session).subnets().nth(2).unwrap().id.to_string();
        let request = LaunchRequest {
            instance_type: "t3.small".into(),
            subnet_id: subnet.clone(),
            public_ip: PublicIpChoice::No,
            private_ip: String::new(),
            hibernation: false,
        };
        assert_eq!(
            request.to_step(),
            format!("aws ec2 run-instances --image-id {LAUNCH_IMAGE_ID} --instance-type t3.small --subnet-id {subnet} --no-associate-public-ip-address")
        );
        assert_eq!(run_steps(&mut session, &request.to_step()), Ok(()));
        let launched = region(&session).instances().last().unwrap();
        assert_eq!(launched.instance_type.name, "t3.small");
    }

    #[test]
    fn a_refusal_carries_the_ec2_error_code() {
        let mut session = default_session();
        let failure = run_steps(&mut session, &terminate_step("i-0000000000000000f")).unwrap_err();
        assert_eq!(failure.code, "InvalidInstanceID.NotFound");
    }

    #[test]
    fn typed_text_reaches_the_model_as_one_word() {
        assert_eq!(shell_word("10.0.0.5"), "10.0.0.5");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("x'; rm"), r"'x'\''; rm'");
        assert_eq!(shell_word(""), "''");
        let mut session = default_session();
        let subnet = region(&session).subnets().next().unwrap().id.to_string();
        let request = LaunchRequest {
            instance_type: "t3.micro".into(),
            subnet_id: subnet,
            public_ip: PublicIpChoice::SubnetDefault,
            private_ip: "1.2.3.4 $(x) ; y".into(),
            hibernation: false,
        };
        let failure = run_steps(&mut session, &request.to_step()).unwrap_err();
        assert_eq!(failure.code, "InvalidParameterValue");
    }

    /// The ids the default scenario's variables name.
    fn var(session: &Session, name: &str) -> String {
        session.vars().get(name).cloned().unwrap()
    }

    fn eni<'a>(
        session: &'a Session,
        id: &str,
    ) -> &'a netlab_model::network_interface::NetworkInterface {
        region(session)
            .network_interfaces()
            .find(|n| n.id.to_string() == id)
            .unwrap()
    }

    #[test]
    fn a_moved_interface_keeps_its_addresses_and_mac() {
        let mut session = default_session();
        let (service, standby) = (var(&session, "SERVICE"), var(&session, "STANDBY"));
        let before = eni(&session, &service).clone();
        let plan = plan_move(&session, &service, &standby).unwrap();
        assert_eq!(plan.device_index, 1);
        assert!(plan
            .steps
            .starts_with("aws ec2 detach-network-interface --attachment-id eni-attach-"));
        assert!(plan.steps.ends_with(&format!(
            "aws ec2 attach-network-interface --network-interface-id {service} --instance-id {standby} --device-index 1"
        )));
        run_steps(&mut session, &plan.steps).unwrap();
        let after = eni(&session, &service);
        assert_eq!(
            after.attachment.as_ref().unwrap().instance_id.to_string(),
            standby
        );
        assert_eq!(after.private_ips, before.private_ips);
        assert_eq!(after.mac_address, before.mac_address);
        assert_eq!(after.groups, before.groups);
    }

    #[test]
    fn the_model_refuses_moves_and_the_session_is_unchanged() {
        let session = default_session();
        let web = var(&session, "WEB");
        let primary = region(&session)
            .instances()
            .find(|i| i.id.to_string() == web)
            .unwrap()
            .primary_interface()
            .unwrap()
            .to_string();
        let standby = var(&session, "STANDBY");
        let steps = session.entries().len();
        assert_eq!(
            plan_move(&session, &primary, &standby).unwrap_err().code,
            "OperationNotPermitted"
        );
        // Another Availability Zone.
        let app = var(&session, "APP");
        assert_eq!(
            plan_move(&session, &var(&session, "SERVICE"), &app)
                .unwrap_err()
                .code,
            "InvalidParameterValue"
        );
        // The web server's type takes two interfaces, and it has two.
        assert_eq!(
            plan_move(&session, &var(&session, "SPARE"), &web)
                .unwrap_err()
                .code,
            "AttachmentLimitExceeded"
        );
        assert_eq!(session.entries().len(), steps);
    }

    #[test]
    fn a_saved_lab_comes_back_with_its_undo_points() {
        let mut session = default_session();
        let base = session.entries().len();
        let plan = plan_move(
            &session,
            &var(&session, "SERVICE"),
            &var(&session, "STANDBY"),
        )
        .unwrap();
        run_steps(&mut session, &plan.steps).unwrap();
        let marks = vec![base, base + 2];
        let text = saved_text(&session, &marks);
        assert!(text.starts_with("# ec2-netlab undo points: "));
        let (loaded, loaded_marks) = load_saved(&text).unwrap();
        assert_eq!(loaded_marks, marks);
        assert_eq!(loaded.script(), session.script());
        let (linked, _) = load_link(&share::encode_payload(&text)).unwrap();
        assert_eq!(linked.script(), session.script());
    }

    #[test]
    fn a_hostile_saved_lab_is_refused_with_where_and_why() {
        let error =
            load_saved("aws ec2 describe-vpcs\naws ec2 describe-vpcs | grep x\n").unwrap_err();
        assert!(error.to_string().starts_with("line 2, column "), "{error}");
        let error = load_link("not*base64").unwrap_err();
        assert_eq!(error.to_string(), "character 4 is not base64url");
        // Undo points that make no sense are dropped.
        let (_, marks) =
            load_saved("# ec2-netlab undo points: 9 1 x 0\naws ec2 describe-vpcs\n").unwrap();
        assert_eq!(marks, vec![1]);
        // Nothing but the model runs: other programs are refused by the parser.
        assert!(load_saved("rm -rf /\n").is_err());
        // A script that would take too long to run or to draw.
        let many = "aws ec2 describe-vpcs\n".repeat(MAX_LOADED_STEPS + 1);
        assert_eq!(
            load_saved(&many).unwrap_err(),
            LoadError::TooManySteps(MAX_LOADED_STEPS + 1)
        );
        let flood =
            "aws ec2 describe-vpcs\naws ec2 run-instances --image-id ami-12345678 --count 4000\n";
        let error = load_saved(flood).unwrap_err();
        assert_eq!(error, LoadError::TooManyInstances(2));
        assert_eq!(
            error.to_string(),
            "line 2: it launches more than the 300 instances a lab may draw"
        );
    }

    #[test]
    fn a_gesture_that_would_outgrow_the_lab_is_refused_before_it_runs() {
        let session = default_session();
        let marks = [session.entries().len()];
        assert_eq!(
            check_growth(&session, &marks, "aws ec2 describe-vpcs").map(|results| results.len()),
            Ok(1)
        );
        // One --count past the instances a lab may draw.
        let flood =
            "aws ec2 describe-vpcs\naws ec2 run-instances --image-id ami-12345678 --count 400";
        let failure = check_growth(&session, &marks, flood).unwrap_err();
        assert_eq!(failure.code, LAB_LIMIT_EXCEEDED);
        assert!(
            failure
                .message
                .starts_with("Nothing ran: line 2 would take the lab past the 300 instances"),
            "{}",
            failure.message
        );
        // Steps past the most a lab may hold, counted with the lab's own.
        let many = "aws ec2 describe-vpcs\n".repeat(MAX_LOADED_STEPS - session.entries().len() + 1);
        let failure = check_growth(&session, &marks, &many).unwrap_err();
        assert!(
            failure
                .message
                .contains(&format!("{} steps", MAX_LOADED_STEPS + 1)),
            "{}",
            failure.message
        );
        // A script too long to save.
        let long = format!(
            "aws ec2 create-security-group --group-name big --description '{}'",
            "x".repeat(share::MAX_SCRIPT_BYTES)
        );
        let failure = check_growth(&session, &marks, &long).unwrap_err();
        assert!(failure.message.contains("256 KB"), "{}", failure.message);
        // What the check accepts, a saved lab loads again.
        let mut grown = session.clone();
        let text = "aws ec2 run-instances --image-id ami-12345678 --count 290";
        assert_eq!(
            check_growth(&grown, &marks, text).map(|results| results.len()),
            Ok(1)
        );
        run_steps(&mut grown, text).unwrap();
        assert!(load_saved(&saved_text(&grown, &marks)).is_ok());
    }

    #[test]
    fn undo_and_redo_move_by_gestures_and_stop_at_the_start() {
        let marks = [10, 12, 13];
        assert_eq!(undo_target(&marks, 13), Some(12));
        assert_eq!(undo_target(&marks, 12), Some(10));
        assert_eq!(undo_target(&marks, 11), Some(10));
        assert_eq!(undo_target(&marks, 10), None);
        assert_eq!(redo_target(&marks, 10, 13), Some(12));
        assert_eq!(redo_target(&marks, 12, 13), Some(13));
        assert_eq!(redo_target(&marks, 13, 13), None);
        assert_eq!(redo_target(&[10], 10, 12), Some(12));
    }

    #[test]
    fn an_instance_launched_with_hibernation_configured_can_hibernate() {
        let mut session = default_session();
        let subnet = region(&session).subnets().next().unwrap().id.to_string();
        let request = LaunchRequest {
            instance_type: "m5.large".into(),
            subnet_id: subnet,
            public_ip: PublicIpChoice::SubnetDefault,
            private_ip: String::new(),
            hibernation: true,
        };
        assert!(request
            .to_step()
            .ends_with(" --hibernation-options Configured=true"));
        run_steps(&mut session, &request.to_step()).unwrap();
        let id = region(&session).instances().last().unwrap().id.to_string();
        run_steps(
            &mut session,
            &format!("aws ec2 stop-instances --instance-ids {id} --hibernate"),
        )
        .unwrap();
        let instance = region(&session).instances().last().unwrap();
        assert_eq!(instance.display_state(), "hibernated");
    }
}
