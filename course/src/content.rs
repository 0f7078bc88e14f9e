//! The course as the app receives it: lessons, quizzes and the model checks that grade
//! them. Nothing here holds an answer in plain sight: reference solutions and expected
//! answers stay in the content files and the tests; a multiple-choice key is only a
//! salted digest, and a predict-the-outcome key is computed by running the script when
//! the learner submits.
//!
//! This file is also compiled into the build script, which fills these types from the
//! TOML under `content/` and embeds them as JSON; `read.rs` reads that JSON back.

use serde::{Deserialize, Serialize};

/// Every lesson and quiz, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Course {
    pub lessons: Vec<Lesson>,
    pub quizzes: Vec<Quiz>,
}

/// One topic, taught as a sequence of steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    /// One or two sentences for the course index.
    pub summary: String,
    /// The claims (`C1`..`C33`) its steps teach, in first-taught order.
    pub claims: Vec<String>,
    pub steps: Vec<LessonStep>,
}

/// A short explanation, a starting scenario, and tasks done in the lab.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LessonStep {
    pub id: String,
    pub title: String,
    /// The claims this step teaches.
    pub claims: Vec<String>,
    /// Short paragraphs separated by blank lines; `code` spans and **bold** only.
    pub explanation: String,
    /// The AWS CLI script that builds the starting world (may be empty: a fresh account).
    pub setup: String,
    pub tasks: Vec<Task>,
}

/// Something the learner does in the lab, judged live on the model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Task {
    pub prompt: String,
    /// Shown after a wrong attempt.
    pub hint: String,
    pub check: Check,
}

/// A goal on the learner's world: every probe must hold. Probes run in order on a clone
/// of the learner's world, with the session's variables, so the learner's world is never
/// changed by being checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct Check {
    pub probes: Vec<Probe>,
}

/// One script step (or a few) and an expectation on the last step's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Probe {
    /// AWS CLI script text, e.g. `netlab send-traffic --to $SERVICE_IP`.
    pub run: String,
    /// A `--query`-style path into the last step's response (`Delivered`,
    /// `Reservations[0].Instances[0].PublicIpAddress`); `None` means the whole response.
    pub path: Option<String>,
    pub expect: Expect,
    /// What the probe checks, in the learner's words ("the service answers from the standby").
    pub says: String,
}

/// What a probe expects. Values are compared as the AWS CLI's `--output text` prints them
/// (`True`, `False`, `None` for a missing value), ignoring ASCII case, after `$NAME` and
/// `${NAME}` are replaced by the session's variables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expect {
    Equals(String),
    NotEquals(String),
    /// The last step fails with this EC2 error code.
    IsErrorCode(String),
}

/// A set of quiz items on one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quiz {
    pub id: String,
    pub title: String,
    pub items: Vec<QuizItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuizItem {
    pub id: String,
    pub claims: Vec<String>,
    pub kind: QuizKind,
    /// Why the right answer is right: shown after the learner answers.
    pub explanation: String,
    /// Where the topic is taught.
    pub lesson: LessonLink,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LessonLink {
    pub lesson: String,
    pub step: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum QuizKind {
    /// One right choice; the key is [`crate::answer_digest`] of the item id and its label.
    MultipleChoice {
        question: String,
        choices: Vec<String>,
        answer_digest: String,
    },
    /// A script is shown; the learner predicts what its last step gives. The answer is
    /// computed by running the script in a fresh account when the learner submits.
    Predict {
        script: String,
        question: String,
        observe: Observe,
        /// Empty for a free answer (typed, compared ignoring case and outer spaces).
        choices: Vec<Choice>,
    },
    /// Build something in the lab; judged on the model's state.
    LabTask {
        setup: String,
        prompt: String,
        hint: String,
        check: Check,
    },
}

/// What of the last step is the answer. A failed step always answers its error code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Observe {
    /// The EC2 error code, or `ok` when the step succeeds.
    ErrorCode,
    /// A `--query`-style path into the step's response, printed as `--output text` does.
    Path(String),
}

/// A choice of a predict item: a label for the learner, and the value it stands for,
/// which may name the script's variables (`$STANDBY`). The value `*` stands for
/// "anything the other choices do not name" (a brand-new address, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub label: String,
    pub value: String,
}
