//! What the content files say only for the tests: reference solutions, the answers the
//! authors expect, and the model probes behind multiple-choice keys. The build script
//! writes these beside the embedded course, and only the tests read them: the library
//! (and so the app) never includes this file.

use crate::content::Check;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnswerKeys {
    /// `lesson/step/N` (N counts a step's tasks from 1) → the reference solution script.
    pub task_solutions: BTreeMap<String, String>,
    /// Lab-task item id → the reference solution script.
    pub lab_solutions: BTreeMap<String, String>,
    /// Predict item id → the choice value or free answer the author expects.
    pub predict_expected: BTreeMap<String, String>,
    /// Predict item ids whose script may have failing steps before the last one.
    pub tolerate_failed_steps: Vec<String>,
    /// Multiple-choice item id → the right label.
    pub choice_answers: BTreeMap<String, String>,
    /// Multiple-choice item id → a scenario whose check shows the key is what the model does.
    pub backings: BTreeMap<String, Backing>,
    /// Multiple-choice item ids that declare themselves conceptual (no model probe).
    pub conceptual: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backing {
    pub script: String,
    pub check: Check,
}
