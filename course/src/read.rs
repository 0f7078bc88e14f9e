//! Reads the course's JSON into the content types by hand, from a `serde_json::Value`:
//! derived `Deserialize` impls would instantiate serde_json's visitors once per type,
//! tens of KB of the app's wasm, while `Value` is parsed by code the app links anyway.
//! The JSON is what the derived `Serialize` impls write (enums externally tagged:
//! `"ErrorCode"`, `{"Path": "..."}`); unknown fields are ignored, and an error names the
//! place (`lessons[2].steps[0].tasks[1].check.probes[0].expect`).

use crate::content::{
    Check, Choice, Course, Expect, Lesson, LessonLink, LessonStep, Observe, Probe, Quiz, QuizItem,
    QuizKind, Task,
};
use serde_json::{Map, Value};
use std::fmt;

/// Why the course's JSON could not be read: where, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The place in the course (`lessons[2].title`); empty for the JSON text itself.
    pub at: String,
    pub problem: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            f.write_str(&self.problem)
        } else {
            write!(f, "{}: {}", self.at, self.problem)
        }
    }
}

impl std::error::Error for ReadError {}

/// The course from its JSON text.
pub fn course(json: &str) -> Result<Course, ReadError> {
    let value = serde_json::from_str(json).map_err(|e| ReadError {
        at: String::new(),
        problem: e.to_string(),
    })?;
    let mut o = Object::new(value, String::new())?;
    Ok(Course {
        lessons: o.list("lessons", lesson)?,
        quizzes: o.list("quizzes", quiz)?,
    })
}

/// A check (a lesson task's, a lab item's, or the probes behind a multiple-choice key).
pub fn check(value: Value, at: String) -> Result<Check, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Check {
        probes: o.list("probes", probe)?,
    })
}

/// How the answer keys the tests read (`keys.rs`) deserialize a check.
impl TryFrom<Value> for Check {
    type Error = ReadError;

    fn try_from(value: Value) -> Result<Check, ReadError> {
        check(value, "check".to_string())
    }
}

fn lesson(value: Value, at: String) -> Result<Lesson, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Lesson {
        id: o.string("id")?,
        title: o.string("title")?,
        summary: o.string("summary")?,
        claims: o.list("claims", string)?,
        steps: o.list("steps", lesson_step)?,
    })
}

fn lesson_step(value: Value, at: String) -> Result<LessonStep, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(LessonStep {
        id: o.string("id")?,
        title: o.string("title")?,
        claims: o.list("claims", string)?,
        explanation: o.string("explanation")?,
        setup: o.string("setup")?,
        tasks: o.list("tasks", task)?,
    })
}

fn task(value: Value, at: String) -> Result<Task, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Task {
        prompt: o.string("prompt")?,
        hint: o.string("hint")?,
        check: o.field("check", check)?,
    })
}

fn probe(value: Value, at: String) -> Result<Probe, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Probe {
        run: o.string("run")?,
        path: o.field("path", optional_string)?,
        expect: o.field("expect", expect)?,
        says: o.string("says")?,
    })
}

fn expect(value: Value, at: String) -> Result<Expect, ReadError> {
    let (name, content, at) = variant(value, at)?;
    let make = match name.as_str() {
        "Equals" => Expect::Equals,
        "NotEquals" => Expect::NotEquals,
        "IsErrorCode" => Expect::IsErrorCode,
        _ => return Err(unknown_variant(at, &name)),
    };
    Ok(make(string(content, at)?))
}

fn quiz(value: Value, at: String) -> Result<Quiz, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Quiz {
        id: o.string("id")?,
        title: o.string("title")?,
        items: o.list("items", quiz_item)?,
    })
}

fn quiz_item(value: Value, at: String) -> Result<QuizItem, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(QuizItem {
        id: o.string("id")?,
        claims: o.list("claims", string)?,
        kind: o.field("kind", quiz_kind)?,
        explanation: o.string("explanation")?,
        lesson: o.field("lesson", lesson_link)?,
    })
}

fn lesson_link(value: Value, at: String) -> Result<LessonLink, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(LessonLink {
        lesson: o.string("lesson")?,
        step: o.string("step")?,
    })
}

fn quiz_kind(value: Value, at: String) -> Result<QuizKind, ReadError> {
    let (name, content, at) = variant(value, at)?;
    let mut o = Object::new(content, at)?;
    Ok(match name.as_str() {
        "MultipleChoice" => QuizKind::MultipleChoice {
            question: o.string("question")?,
            choices: o.list("choices", string)?,
            answer_digest: o.string("answer_digest")?,
        },
        "Predict" => QuizKind::Predict {
            script: o.string("script")?,
            question: o.string("question")?,
            observe: o.field("observe", observe)?,
            choices: o.list("choices", choice)?,
        },
        "LabTask" => QuizKind::LabTask {
            setup: o.string("setup")?,
            prompt: o.string("prompt")?,
            hint: o.string("hint")?,
            check: o.field("check", check)?,
        },
        _ => return Err(unknown_variant(o.at, &name)),
    })
}

fn observe(value: Value, at: String) -> Result<Observe, ReadError> {
    match variant(value, at)? {
        (name, Value::Null, _) if name == "ErrorCode" => Ok(Observe::ErrorCode),
        (name, content, at) if name == "Path" => Ok(Observe::Path(string(content, at)?)),
        (name, _, at) => Err(unknown_variant(at, &name)),
    }
}

fn choice(value: Value, at: String) -> Result<Choice, ReadError> {
    let mut o = Object::new(value, at)?;
    Ok(Choice {
        label: o.string("label")?,
        value: o.string("value")?,
    })
}

fn string(value: Value, at: String) -> Result<String, ReadError> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(expected(at, "a string")),
    }
}

fn optional_string(value: Value, at: String) -> Result<Option<String>, ReadError> {
    match value {
        Value::Null => Ok(None),
        other => string(other, at).map(Some),
    }
}

/// An externally tagged enum value: its variant's name, its content (`Null` for a unit
/// variant written as a bare string) and the content's place.
fn variant(value: Value, at: String) -> Result<(String, Value, String), ReadError> {
    match value {
        Value::String(name) => Ok((name, Value::Null, at)),
        Value::Object(map) if map.len() == 1 => {
            let (name, content) = map.into_iter().next().expect("one entry");
            let at = format!("{at}.{name}");
            Ok((name, content, at))
        }
        _ => Err(expected(at, "a variant name or an object of one variant")),
    }
}

fn expected(at: String, what: &str) -> ReadError {
    ReadError {
        at,
        problem: format!("expected {what}"),
    }
}

fn unknown_variant(at: String, name: &str) -> ReadError {
    ReadError {
        at,
        problem: format!("unknown variant “{name}”"),
    }
}

/// A JSON object being read, and its place in the course.
struct Object {
    map: Map<String, Value>,
    at: String,
}

impl Object {
    fn new(value: Value, at: String) -> Result<Object, ReadError> {
        match value {
            Value::Object(map) => Ok(Object { map, at }),
            _ => Err(expected(at, "an object")),
        }
    }

    /// The place of a field.
    fn place(&self, key: &str) -> String {
        if self.at.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.at)
        }
    }

    /// A field read with `read` (a missing field reads as `null`).
    fn field<T>(
        &mut self,
        key: &str,
        read: fn(Value, String) -> Result<T, ReadError>,
    ) -> Result<T, ReadError> {
        let value = self.map.remove(key).unwrap_or(Value::Null);
        read(value, self.place(key))
    }

    fn string(&mut self, key: &str) -> Result<String, ReadError> {
        self.field(key, string)
    }

    /// An array field, each element read with `read`.
    fn list<T>(
        &mut self,
        key: &str,
        read: fn(Value, String) -> Result<T, ReadError>,
    ) -> Result<Vec<T>, ReadError> {
        let at = self.place(key);
        let Some(Value::Array(values)) = self.map.remove(key) else {
            return Err(expected(at, "an array"));
        };
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| read(value, format!("{at}[{i}]")))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_course_reads_back_as_it_was_written() {
        let probe = Probe {
            run: "netlab send-traffic --to $IP".into(),
            path: Some("Delivered".into()),
            expect: Expect::NotEquals("0".into()),
            says: "the service answers".into(),
        };
        let course = Course {
            lessons: vec![Lesson {
                id: "l".into(),
                title: "L".into(),
                summary: "S".into(),
                claims: vec!["C1".into()],
                steps: vec![LessonStep {
                    id: "s".into(),
                    title: "T".into(),
                    claims: vec![],
                    explanation: "E".into(),
                    setup: String::new(),
                    tasks: vec![Task {
                        prompt: "P".into(),
                        hint: "H".into(),
                        check: Check {
                            probes: vec![
                                probe.clone(),
                                Probe {
                                    path: None,
                                    ..probe
                                },
                            ],
                        },
                    }],
                }],
            }],
            quizzes: vec![Quiz {
                id: "q".into(),
                title: "Q".into(),
                items: vec![QuizItem {
                    id: "i".into(),
                    claims: vec!["C2".into()],
                    kind: QuizKind::Predict {
                        script: "aws ec2 describe-vpcs".into(),
                        question: "?".into(),
                        observe: Observe::ErrorCode,
                        choices: vec![Choice {
                            label: "a".into(),
                            value: "*".into(),
                        }],
                    },
                    explanation: "X".into(),
                    lesson: LessonLink {
                        lesson: "l".into(),
                        step: "s".into(),
                    },
                }],
            }],
        };
        let json = serde_json::to_string(&course).unwrap();
        assert_eq!(super::course(&json), Ok(course));
    }

    #[test]
    fn an_error_names_its_place() {
        let error = |json: &str| super::course(json).unwrap_err().to_string();
        assert_eq!(
            error(
                r#"{"lessons":[],"quizzes":[{"id":"q","title":"Q","items":[{"id":"i","claims":[],"kind":{"Essay":{}}}]}]}"#
            ),
            "quizzes[0].items[0].kind.Essay: unknown variant “Essay”"
        );
        assert_eq!(
            error(r#"{"lessons":[{"id":1}],"quizzes":[]}"#),
            "lessons[0].id: expected a string"
        );
        assert_eq!(error(r#"{"lessons":[]}"#), "quizzes: expected an array");
        assert!(error("{").contains("line 1"));
    }
}
