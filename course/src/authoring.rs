//! The TOML format authors write (see `content/AUTHORING.md`), and its translation into
//! what the app receives ([`crate::content`]) plus what only the tests see
//! ([`crate::keys`]). Compiled into the build script only.

use crate::content::{
    Check, Choice, Course, Expect, Lesson, LessonLink, LessonStep, Observe, Probe, Quiz, QuizItem,
    QuizKind, Task,
};
use crate::digest::answer_digest;
use crate::keys::{AnswerKeys, Backing};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub steps: Vec<StepFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepFile {
    pub id: String,
    pub title: String,
    pub claims: Vec<String>,
    pub explanation: String,
    #[serde(default)]
    pub setup: String,
    #[serde(default)]
    pub tasks: Vec<TaskFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFile {
    pub prompt: String,
    pub hint: String,
    pub solution: String,
    pub check: Vec<ProbeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbeFile {
    pub run: String,
    pub path: Option<String>,
    pub equals: Option<String>,
    pub not_equals: Option<String>,
    pub is_error_code: Option<String>,
    pub says: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizFile {
    pub id: String,
    pub title: String,
    pub items: Vec<ItemFile>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ChoiceFile {
    Plain(String),
    Valued { label: String, value: String },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackingFile {
    pub script: String,
    pub check: Vec<ProbeFile>,
}

/// One quiz item; which fields it may have depends on `kind`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub id: String,
    pub kind: String,
    pub claims: Vec<String>,
    pub lesson: String,
    pub step: String,
    pub explanation: String,
    // multiple-choice and predict
    pub question: Option<String>,
    pub choices: Option<Vec<ChoiceFile>>,
    // multiple-choice
    pub answer: Option<String>,
    pub backing: Option<BackingFile>,
    pub conceptual: Option<bool>,
    // predict
    pub script: Option<String>,
    pub path: Option<String>,
    pub expected: Option<String>,
    pub tolerate_failed_steps: Option<bool>,
    // lab
    pub setup: Option<String>,
    pub prompt: Option<String>,
    pub hint: Option<String>,
    pub solution: Option<String>,
    pub check: Option<Vec<ProbeFile>>,
}

fn probe(file: &ProbeFile, whose: &str) -> Result<Probe, String> {
    let expect = match (&file.equals, &file.not_equals, &file.is_error_code) {
        (Some(v), None, None) => Expect::Equals(v.clone()),
        (None, Some(v), None) => Expect::NotEquals(v.clone()),
        (None, None, Some(v)) => Expect::IsErrorCode(v.clone()),
        _ => {
            return Err(format!(
            "{whose}: a probe needs exactly one of equals, not_equals, is_error_code (probe `{}`)",
            file.run
        ))
        }
    };
    Ok(Probe {
        run: file.run.clone(),
        path: file.path.clone(),
        expect,
        says: file.says.clone(),
    })
}

fn check(files: &[ProbeFile], whose: &str) -> Result<Check, String> {
    if files.is_empty() {
        return Err(format!("{whose}: a check needs at least one probe"));
    }
    Ok(Check {
        probes: files
            .iter()
            .map(|p| probe(p, whose))
            .collect::<Result<_, _>>()?,
    })
}

/// Adds a lesson file to the course and its solutions to the keys.
pub fn add_lesson(
    file: LessonFile,
    course: &mut Course,
    keys: &mut AnswerKeys,
) -> Result<(), String> {
    let mut claims: Vec<String> = Vec::new();
    let mut steps = Vec::new();
    for step in file.steps {
        for claim in &step.claims {
            if !claims.contains(claim) {
                claims.push(claim.clone());
            }
        }
        let mut tasks = Vec::new();
        for (n, task) in step.tasks.into_iter().enumerate() {
            let key = format!("{}/{}/{}", file.id, step.id, n + 1);
            tasks.push(Task {
                prompt: task.prompt,
                hint: task.hint,
                check: check(&task.check, &key)?,
            });
            keys.task_solutions.insert(key, task.solution);
        }
        steps.push(LessonStep {
            id: step.id,
            title: step.title,
            claims: step.claims,
            explanation: step.explanation,
            setup: step.setup,
            tasks,
        });
    }
    course.lessons.push(Lesson {
        id: file.id,
        title: file.title,
        summary: file.summary,
        claims,
        steps,
    });
    Ok(())
}

fn required(value: Option<String>, field: &str, id: &str) -> Result<String, String> {
    value.ok_or_else(|| format!("quiz item {id}: needs `{field}`"))
}

fn refuse<T>(value: &Option<T>, field: &str, id: &str, kind: &str) -> Result<(), String> {
    match value {
        Some(_) => Err(format!(
            "quiz item {id}: `{field}` does not belong to a {kind} item"
        )),
        None => Ok(()),
    }
}

/// Adds a quiz file to the course and its keys to the keys.
pub fn add_quiz(file: QuizFile, course: &mut Course, keys: &mut AnswerKeys) -> Result<(), String> {
    let mut items = Vec::new();
    for item in file.items {
        let id = item.id.clone();
        let kind = match item.kind.as_str() {
            "multiple-choice" => {
                for (present, field) in [
                    (item.script.is_some(), "script"),
                    (item.path.is_some(), "path"),
                    (item.expected.is_some(), "expected"),
                    (item.setup.is_some(), "setup"),
                    (item.prompt.is_some(), "prompt"),
                    (item.hint.is_some(), "hint"),
                    (item.solution.is_some(), "solution"),
                    (item.check.is_some(), "check"),
                    (
                        item.tolerate_failed_steps.is_some(),
                        "tolerate_failed_steps",
                    ),
                ] {
                    refuse(&present.then_some(()), field, &id, "multiple-choice")?;
                }
                let choices: Vec<String> = item
                    .choices
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| match c {
                        ChoiceFile::Plain(label) => Ok(label),
                        ChoiceFile::Valued { .. } => Err(format!(
                            "quiz item {id}: multiple-choice choices are plain strings"
                        )),
                    })
                    .collect::<Result<_, _>>()?;
                let answer = required(item.answer, "answer", &id)?;
                let matching = choices
                    .iter()
                    .filter(|c| c.trim().eq_ignore_ascii_case(answer.trim()))
                    .count();
                if choices.len() < 2 || matching != 1 {
                    return Err(format!(
                        "quiz item {id}: `answer` must be exactly one of at least two choices"
                    ));
                }
                match (item.backing, item.conceptual.unwrap_or(false)) {
                    (Some(_), true) => {
                        return Err(format!(
                            "quiz item {id}: an item with a backing probe is not conceptual"
                        ))
                    }
                    (Some(b), false) => {
                        let backing = Backing {
                            check: check(&b.check, &id)?,
                            script: b.script,
                        };
                        keys.backings.insert(id.clone(), backing);
                    }
                    (None, true) => keys.conceptual.push(id.clone()),
                    (None, false) => {
                        return Err(format!(
                            "quiz item {id}: a multiple-choice item needs a `backing` scenario, or `conceptual = true`"
                        ))
                    }
                }
                keys.choice_answers.insert(id.clone(), answer.clone());
                QuizKind::MultipleChoice {
                    question: required(item.question, "question", &id)?,
                    answer_digest: answer_digest(&id, &answer),
                    choices,
                }
            }
            "predict" => {
                for (present, field) in [
                    (item.answer.is_some(), "answer"),
                    (item.backing.is_some(), "backing"),
                    (item.conceptual.is_some(), "conceptual"),
                    (item.setup.is_some(), "setup"),
                    (item.prompt.is_some(), "prompt"),
                    (item.hint.is_some(), "hint"),
                    (item.solution.is_some(), "solution"),
                    (item.check.is_some(), "check"),
                ] {
                    refuse(&present.then_some(()), field, &id, "predict")?;
                }
                let choices: Vec<Choice> = item
                    .choices
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| match c {
                        ChoiceFile::Plain(label) => Choice {
                            value: label.clone(),
                            label,
                        },
                        ChoiceFile::Valued { label, value } => Choice { label, value },
                    })
                    .collect();
                let expected = required(item.expected, "expected", &id)?;
                if !choices.is_empty() && !choices.iter().any(|c| c.value == expected) {
                    return Err(format!(
                        "quiz item {id}: `expected` must be the value of one of the choices"
                    ));
                }
                keys.predict_expected.insert(id.clone(), expected);
                if item.tolerate_failed_steps.unwrap_or(false) {
                    keys.tolerate_failed_steps.push(id.clone());
                }
                QuizKind::Predict {
                    script: required(item.script, "script", &id)?,
                    question: required(item.question, "question", &id)?,
                    observe: item.path.map_or(Observe::ErrorCode, Observe::Path),
                    choices,
                }
            }
            "lab" => {
                for (present, field) in [
                    (item.question.is_some(), "question"),
                    (item.choices.is_some(), "choices"),
                    (item.answer.is_some(), "answer"),
                    (item.backing.is_some(), "backing"),
                    (item.conceptual.is_some(), "conceptual"),
                    (item.script.is_some(), "script"),
                    (item.path.is_some(), "path"),
                    (item.expected.is_some(), "expected"),
                    (
                        item.tolerate_failed_steps.is_some(),
                        "tolerate_failed_steps",
                    ),
                ] {
                    refuse(&present.then_some(()), field, &id, "lab")?;
                }
                keys.lab_solutions
                    .insert(id.clone(), required(item.solution, "solution", &id)?);
                QuizKind::LabTask {
                    setup: item.setup.unwrap_or_default(),
                    prompt: required(item.prompt, "prompt", &id)?,
                    hint: required(item.hint, "hint", &id)?,
                    check: check(&item.check.unwrap_or_default(), &id)?,
                }
            }
            other => {
                return Err(format!(
                    "quiz item {id}: unknown kind `{other}` (multiple-choice, predict or lab)"
                ))
            }
        };
        items.push(QuizItem {
            id,
            claims: item.claims,
            kind,
            explanation: item.explanation,
            lesson: LessonLink {
                lesson: item.lesson,
                step: item.step,
            },
        });
    }
    course.quizzes.push(Quiz {
        id: file.id,
        title: file.title,
        items,
    });
    Ok(())
}
