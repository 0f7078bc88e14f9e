//! A learner's progress through the course: lesson steps done and quiz results, as the
//! JSON kept in the browser's local storage. Reading never fails loudly: data that is
//! not ours (hand-edited, from another version) becomes an error message for the page,
//! and the learner starts from empty progress.

use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The local storage key.
pub const STORAGE_KEY: &str = "ec2-netlab.progress";
/// The version of the stored format.
pub const FORMAT_VERSION: u32 = 1;

/// The last result of a quiz item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuizResult {
    pub success: bool,
    /// From 0 to 1.
    pub score: f64,
}

/// Stored as `{"version":1,"steps":["LESSON/STEP",...],"quiz":{"ITEM":{"success":true,"score":1.0},...}}`,
/// read field by field from a `serde_json::Value` (no other field is accepted).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// `LESSON/STEP` of every step done.
    pub steps: BTreeSet<String>,
    /// The last result of each quiz item answered, by item id.
    pub quiz: BTreeMap<String, QuizResult>,
}

/// The key of a lesson step in [`Progress::steps`].
pub fn step_key(lesson: &str, step: &str) -> String {
    format!("{lesson}/{step}")
}

impl Progress {
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty() && self.quiz.is_empty()
    }

    pub fn step_done(&self, lesson: &str, step: &str) -> bool {
        self.steps.contains(&step_key(lesson, step))
    }

    pub fn mark_step_done(&mut self, lesson: &str, step: &str) {
        self.steps.insert(step_key(lesson, step));
    }

    pub fn record_quiz(&mut self, item: &str, success: bool, score: f64) {
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.quiz
            .insert(item.to_string(), QuizResult { success, score });
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        let steps: Vec<Value> = self.steps.iter().cloned().map(Value::String).collect();
        let quiz: Map<String, Value> = self
            .quiz
            .iter()
            .map(|(item, r)| {
                (
                    item.clone(),
                    json!({ "success": r.success, "score": r.score }),
                )
            })
            .collect();
        json!({ "version": FORMAT_VERSION, "steps": steps, "quiz": quiz }).to_string()
    }

    /// Reads the stored form; the error says, for the learner, what is wrong with it.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
        let mut fields = match value {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        let version = fields
            .remove("version")
            .ok_or_else(|| "it has no format version".to_string())?;
        if version.as_u64() != Some(u64::from(FORMAT_VERSION)) {
            return Err(format!(
                "its format version is {version}, and this app reads version {FORMAT_VERSION}"
            ));
        }
        let unexpected = |what: &str| format!("it does not have the expected fields ({what})");
        // Inserted one by one: collecting into the sets would sort them first, which
        // costs a sort's code per element type in the wasm.
        let mut progress = Progress::default();
        let not_steps = || unexpected("“steps” is not a list of lesson steps");
        let Some(Value::Array(steps)) = fields.remove("steps") else {
            return Err(not_steps());
        };
        for step in steps {
            let Value::String(step) = step else {
                return Err(not_steps());
            };
            progress.steps.insert(step);
        }
        let not_quiz = || unexpected("“quiz” is not a map of quiz results");
        let Some(Value::Object(quiz)) = fields.remove("quiz") else {
            return Err(not_quiz());
        };
        for (item, result) in quiz {
            let result = quiz_result(result).ok_or_else(not_quiz)?;
            if !(0.0..=1.0).contains(&result.score) {
                return Err(format!("the score of quiz item “{item}” is out of range"));
            }
            progress.quiz.insert(item, result);
        }
        if let Some(field) = fields.keys().next() {
            return Err(unexpected(&format!("unknown field “{field}”")));
        }
        Ok(progress)
    }
}

/// A stored quiz result: `{"success":BOOL,"score":NUMBER}` and nothing else.
fn quiz_result(value: Value) -> Option<QuizResult> {
    let Value::Object(mut fields) = value else {
        return None;
    };
    let result = QuizResult {
        success: fields.remove("success")?.as_bool()?,
        score: fields.remove("score")?.as_f64()?,
    };
    fields.is_empty().then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_through_its_stored_form() {
        let mut p = Progress::default();
        p.mark_step_done("eni-kinds", "primary");
        p.record_quiz("eip-cost", true, 1.0);
        p.record_quiz("eni-limit", false, 0.5);
        let text = p.to_json();
        assert!(text.starts_with(r#"{"version":1,"steps":["eni-kinds/primary"],"quiz":{"#));
        assert_eq!(Progress::from_json(&text), Ok(p.clone()));
        assert!(p.step_done("eni-kinds", "primary"));
        assert!(!p.step_done("eni-kinds", "network-card"));
    }

    #[test]
    fn scores_are_kept_in_range() {
        let mut p = Progress::default();
        p.record_quiz("a", true, 3.0);
        p.record_quiz("b", false, f64::NAN);
        assert_eq!(p.quiz["a"].score, 1.0);
        assert_eq!(p.quiz["b"].score, 0.0);
    }

    #[test]
    fn corrupt_data_is_refused_with_a_specific_reason() {
        let cases = [
            ("{not json", "not valid JSON"),
            ("{}", "no format version"),
            (
                r#"{"version":9,"steps":[],"quiz":{}}"#,
                "format version is 9",
            ),
            (
                r#"{"version":1,"steps":"all","quiz":{}}"#,
                "expected fields",
            ),
            (
                r#"{"version":1,"steps":[],"quiz":{},"x":1}"#,
                "expected fields",
            ),
            (
                r#"{"version":1,"steps":[],"quiz":{"q":{"success":true}}}"#,
                "expected fields",
            ),
            (
                r#"{"version":1,"steps":[],"quiz":{"q":{"success":true,"score":7}}}"#,
                "out of range",
            ),
        ];
        for (text, why) in cases {
            let err = Progress::from_json(text).expect_err(text);
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
