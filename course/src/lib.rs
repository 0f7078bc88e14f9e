//! netlab-course: the lessons and quizzes of ec2-netlab, and the grading that asks the
//! model rather than trusting an author's memory.
//!
//! The content lives in TOML files under `content/` (see `content/AUTHORING.md`). The
//! build script checks their shape and embeds them as JSON, which [`course`] reads once.
//! Answers are never shipped in plain sight:
//! - a lesson task or a lab quiz item is a [`Check`]: probes (script steps with an
//!   expectation on their JSON) run on a clone of the learner's world ([`check`]);
//! - a predict-the-outcome item's answer is what the model does when its script runs in a
//!   fresh account ([`answer_of`]), computed when the learner submits;
//! - a multiple-choice key is a salted digest ([`answer_digest`]); the tests show that
//!   each key agrees with the model.
//!
//! Reference solutions and authors' expected answers stay in the content files and the
//! native tests (`course/tests/`), which fail if the model disagrees with an author.

mod content;
mod digest;
mod read;

pub use content::{
    Check, Choice, Course, Expect, Lesson, LessonLink, LessonStep, Observe, Probe, Quiz, QuizItem,
    QuizKind, Task,
};
pub use digest::answer_digest;
pub use read::ReadError;

use netlab_model::runner::{run_text, StepResult, Vars};
use netlab_model::script::query::{captured, render_text};
use netlab_model::script::{Query, ScriptSyntaxError};
use netlab_model::session::Session;
use std::sync::OnceLock;

/// The seed of the fresh account a predict item's script runs in.
pub const PREDICT_SEED: u64 = 0;

/// The course's content as JSON (built from `content/` by the build script). The app
/// leaves it out of its wasm (no `embedded` feature), fetches the file this crate's
/// `course_json` example writes next to it, and hands it to [`load`].
#[cfg(feature = "embedded")]
pub const COURSE_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/course.json"));

/// The file name under which the app finds [`COURSE_JSON`]: it changes with the content.
pub const COURSE_JSON_FILE: &str = concat!("course-", env!("NETLAB_COURSE_JSON_DIGEST"), ".json");

static COURSE: OnceLock<Course> = OnceLock::new();

/// Reads the course from its JSON (the contents of [`COURSE_JSON_FILE`]); after the first
/// success, later calls change nothing.
pub fn load(json: &str) -> Result<&'static Course, ReadError> {
    if let Some(course) = COURSE.get() {
        return Ok(course);
    }
    let course = read::course(json)?;
    Ok(COURSE.get_or_init(|| course))
}

/// The course, if it is there: always with the `embedded` feature, otherwise once
/// [`load`] has read it.
pub fn try_course() -> Option<&'static Course> {
    #[cfg(feature = "embedded")]
    if COURSE.get().is_none() {
        load(COURSE_JSON).expect("the build script writes a valid course");
    }
    COURSE.get()
}

/// The course.
///
/// # Panics
/// Without the `embedded` feature, before [`load`] has read the course.
pub fn course() -> &'static Course {
    try_course().expect("the course is loaded before it is used")
}

/// A lesson by id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    try_course()?.lessons.iter().find(|l| l.id == id)
}

/// The lesson and step a link points to.
pub fn lesson_step(link: &LessonLink) -> Option<(&'static Lesson, &'static LessonStep)> {
    let lesson = lesson(&link.lesson)?;
    let step = lesson.steps.iter().find(|s| s.id == link.step)?;
    Some((lesson, step))
}

/// Every quiz item of every quiz, in order.
pub fn quiz_items() -> impl Iterator<Item = &'static QuizItem> {
    course().quizzes.iter().flat_map(|q| q.items.iter())
}

/// A quiz item by id.
pub fn quiz_item(id: &str) -> Option<&'static QuizItem> {
    quiz_items().find(|i| i.id == id)
}

/// A lab session that starts from a scenario script (a lesson step's or a lab item's setup).
pub fn start(setup: &str, seed: u64) -> Result<Session, ScriptSyntaxError> {
    let mut session = Session::new(seed);
    if !setup.trim().is_empty() {
        session.run(setup)?;
    }
    Ok(session)
}

/// The result of a [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckOutcome {
    pub passed: bool,
    /// One line per probe that does not hold: what it checks and what the model says.
    pub failures: Vec<String>,
    /// Probes that hold, out of `probes`.
    pub probes_passed: usize,
    pub probes: usize,
}

/// Replaces `$NAME` and `${NAME}` with the variables' values (unset ones by nothing, as bash does).
pub fn expand(text: &str, vars: &Vars) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, next) = if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => (&inner[..end], &inner[end + 1..]),
                None => ("", after),
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        if name.is_empty() {
            out.push('$');
        } else {
            out.push_str(vars.get(name).map_or("", String::as_str));
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

/// What a step gives at a path, as `--output text` prints it; a failed step gives its error.
fn observed_at(step: &StepResult, path: Option<&str>) -> Result<String, String> {
    let response = match &step.outcome {
        Ok(response) => response,
        Err(e) => return Err(format!("the step fails with {}: {}", e.code, e.message)),
    };
    match path {
        None => Ok(captured(render_text(&response.value()))),
        Some(path) => {
            let query = Query::parse(path).map_err(|e| e.message)?;
            Ok(captured(render_text(&query.apply_json(response.json()))))
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Runs one probe on a world; `Err` says why it does not hold.
fn run_probe(
    world: &mut netlab_model::World,
    vars: &mut Vars,
    probe: &Probe,
) -> Result<(), String> {
    let results = run_text(world, vars, &probe.run)
        .map_err(|e| format!("{}: the probe's script is refused ({e})", probe.says))?;
    let last = results
        .last()
        .ok_or_else(|| format!("{}: the probe runs no step", probe.says))?;
    let what = probe.path.as_deref().unwrap_or("the answer");
    match &probe.expect {
        Expect::IsErrorCode(code) => match &last.outcome {
            Err(e) if same(e.code.as_str(), code) => Ok(()),
            Err(e) => Err(format!(
                "{}: the model refuses with {} instead of {code}",
                probe.says, e.code
            )),
            Ok(_) => Err(format!(
                "{}: the model accepts `{}` instead of refusing it with {code}",
                probe.says, last.op
            )),
        },
        Expect::Equals(wanted) => {
            let wanted = expand(wanted, vars);
            match observed_at(last, probe.path.as_deref()) {
                Ok(got) if same(&got, &wanted) => Ok(()),
                Ok(got) => Err(format!("{}: {what} is {got}, not {wanted}", probe.says)),
                Err(why) => Err(format!("{}: {why}", probe.says)),
            }
        }
        Expect::NotEquals(unwanted) => {
            let unwanted = expand(unwanted, vars);
            match observed_at(last, probe.path.as_deref()) {
                Ok(got) if same(&got, &unwanted) => {
                    Err(format!("{}: {what} is still {got}", probe.says))
                }
                Ok(_) => Ok(()),
                Err(why) => Err(format!("{}: {why}", probe.says)),
            }
        }
    }
}

/// Runs a check's probes, in order, on a clone of the session's world with its variables.
/// The session itself is not changed.
pub fn check(check: &Check, session: &Session) -> CheckOutcome {
    let mut world = session.world().clone();
    let mut vars = session.vars().clone();
    let mut failures = Vec::new();
    for probe in &check.probes {
        if let Err(why) = run_probe(&mut world, &mut vars, probe) {
            failures.push(why);
        }
    }
    CheckOutcome {
        passed: failures.is_empty(),
        probes_passed: check.probes.len() - failures.len(),
        probes: check.probes.len(),
        failures,
    }
}

/// What a predict item's last step gives, with the variables of the run.
fn observe(script: &str, observe: &Observe) -> (String, Vars) {
    let mut session = Session::new(PREDICT_SEED);
    let results = match session.run(script) {
        Ok(results) => results,
        Err(e) => return (format!("ScriptSyntax ({e})"), session.vars().clone()),
    };
    let text = match results.last() {
        None => String::new(),
        Some(last) => match (&last.outcome, observe) {
            (Err(e), _) => e.code.as_str().to_string(),
            (Ok(_), Observe::ErrorCode) => "ok".to_string(),
            (Ok(response), Observe::Path(path)) => match Query::parse(path) {
                Ok(query) => captured(render_text(&query.apply_json(response.json()))),
                Err(e) => e.message,
            },
        },
    };
    (text, session.vars().clone())
}

/// The choice whose value is what the model gave (or the `*` choice when none names it).
fn matching_choice<'a>(choices: &'a [Choice], observed: &str, vars: &Vars) -> Option<&'a Choice> {
    choices
        .iter()
        .find(|c| c.value != "*" && same(&expand(&c.value, vars), observed))
        .or_else(|| choices.iter().find(|c| c.value == "*"))
}

/// A predict item's answer, computed by running its script in a fresh account: the label
/// of the matching choice, or for a free-answer item the value itself. Empty for other kinds.
pub fn answer_of(item: &QuizItem) -> String {
    let QuizKind::Predict {
        script,
        observe: what,
        choices,
        ..
    } = &item.kind
    else {
        return String::new();
    };
    let (observed, vars) = observe(script, what);
    if choices.is_empty() {
        return observed;
    }
    matching_choice(choices, &observed, &vars).map_or(observed, |c| c.label.clone())
}

/// The outcome of answering a quiz item.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub success: bool,
    /// 0 to 1: 1 for a right answer; for a lab task, the share of probes that hold.
    pub score_scaled: f64,
    /// Why, in a few sentences, ending with where the topic is taught.
    pub feedback: String,
    /// The right answer, now that the learner has answered (`None` for a lab task).
    pub answer: Option<String>,
    /// The lesson step to review.
    pub lesson: LessonLink,
}

/// A learner's choice: an index (`"0"`, `"1"`...) into the labels, or a label itself.
fn chosen<'a>(labels: &[&'a str], answer: &'a str) -> &'a str {
    match answer.trim().parse::<usize>() {
        Ok(i) if i < labels.len() => labels[i],
        _ => answer,
    }
}

fn review(link: &LessonLink) -> String {
    match lesson_step(link) {
        Some((lesson, step)) => format!("Review: {} › {}.", lesson.title, step.title),
        None => String::new(),
    }
}

/// Grades a learner's answer. `learner_answer` is a choice index or label for
/// multiple-choice and predict items with choices, the typed answer for free-answer
/// predict items, and ignored for lab tasks, which are judged on `session` (the learner's
/// lab session after working on the task).
pub fn grade(item: &QuizItem, learner_answer: &str, session: Option<&Session>) -> Grade {
    let (success, score, verdict, answer) = match &item.kind {
        QuizKind::MultipleChoice {
            choices,
            answer_digest: key,
            ..
        } => {
            let labels: Vec<&str> = choices.iter().map(String::as_str).collect();
            let picked = chosen(&labels, learner_answer);
            let success = answer_digest(&item.id, picked) == *key;
            let right = labels
                .iter()
                .find(|l| answer_digest(&item.id, l) == *key)
                .map(|l| l.to_string());
            let verdict = if success {
                "Right.".to_string()
            } else {
                format!(
                    "Not quite: the answer is “{}”.",
                    right.clone().unwrap_or_default()
                )
            };
            (success, if success { 1.0 } else { 0.0 }, verdict, right)
        }
        QuizKind::Predict {
            script,
            observe: what,
            choices,
            ..
        } => {
            let (observed, vars) = observe(script, what);
            let (success, right) = if choices.is_empty() {
                (same(learner_answer, &observed), observed.clone())
            } else {
                let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
                let picked = chosen(&labels, learner_answer);
                let right = matching_choice(choices, &observed, &vars)
                    .map_or(observed.clone(), |c| c.label.clone());
                (same(picked, &right), right)
            };
            let verdict = if success {
                format!("Right: the model answers {observed}.")
            } else {
                format!("Not quite: the model answers {observed} (“{right}”).")
            };
            (
                success,
                if success { 1.0 } else { 0.0 },
                verdict,
                Some(right),
            )
        }
        QuizKind::LabTask {
            check: goal, hint, ..
        } => match session {
            None => (
                false,
                0.0,
                "Do this task in the lab, then check it.".to_string(),
                None,
            ),
            Some(session) => {
                let outcome = check(goal, session);
                let score = if outcome.probes == 0 {
                    0.0
                } else {
                    outcome.probes_passed as f64 / outcome.probes as f64
                };
                let verdict = if outcome.passed {
                    "Done: the model confirms it.".to_string()
                } else {
                    format!("Not yet.\n{}\nHint: {hint}", outcome.failures.join("\n"))
                };
                (outcome.passed, score, verdict, None)
            }
        },
    };
    let mut feedback = verdict;
    for part in [item.explanation.trim().to_string(), review(&item.lesson)] {
        if !part.is_empty() {
            feedback.push_str("\n\n");
            feedback.push_str(&part);
        }
    }
    Grade {
        success,
        score_scaled: score,
        feedback,
        answer,
        lesson: item.lesson.clone(),
    }
}
