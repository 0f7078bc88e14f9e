//! The one place that defines the messages between an embedded page and its host.
//!
//! An embedded page (any route with `embed=1`) runs in an iframe that `embed.js` puts on
//! the host page. It talks to its parent with `window.postMessage`, always as a plain
//! object in this envelope:
//!
//! ```json
//! { "source": "ec2-netlab", "version": 1, "type": "...", ... }
//! ```
//!
//! From the frame to the host:
//! - `ready` — the page has rendered: `{ ..., "type": "ready", "page": "quiz/ID" }`;
//! - `resize` — the page's content height in CSS pixels changed:
//!   `{ ..., "type": "resize", "height": 412 }`;
//! - `statement` — the learner answered a quiz item or completed a lesson step, a
//!   lesson or a whole quiz: `{ ..., "type": "statement", "statement": {xAPI} }`, where the
//!   statement has an `actor`, a `verb` (`answered` or `completed`, with their ADL verb
//!   ids), an `object` (an activity whose id is the page's address), and a `result`
//!   (`success`, `score.scaled` from 0 to 1, `completion`, and the learner's `response`
//!   for an answer).
//!
//! From the host to the frame, only `ping` (`{ ..., "type": "ping" }`): the frame
//! answers with `ready` and `resize` again. Anything else, and anything not in this
//! exact envelope, is ignored.
//!
//! `EMBEDDING.md` documents the same schema for host pages; `embed.js` reads it.

use serde_json::{json, Map, Value};

/// The `source` of every message.
pub const SOURCE: &str = "ec2-netlab";
/// The `version` of the schema.
pub const VERSION: u64 = 1;

/// xAPI verb ids (the ADL vocabulary).
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";

/// What a statement says the learner did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    /// Submitted an answer to a quiz item.
    Answered,
    /// Finished a lesson step, a lesson, or every item of a quiz.
    Completed,
}

impl Verb {
    pub fn id(self) -> &'static str {
        match self {
            Verb::Answered => VERB_ANSWERED,
            Verb::Completed => VERB_COMPLETED,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Verb::Answered => "answered",
            Verb::Completed => "completed",
        }
    }
}

/// The kind of activity a statement is about (an xAPI activity type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// A quiz item.
    Question,
    /// A whole quiz.
    Assessment,
    /// A lesson.
    Lesson,
    /// One step of a lesson.
    LessonStep,
}

impl Activity {
    /// The ADL activity type id.
    pub fn type_id(self) -> &'static str {
        match self {
            Activity::Question => "http://adlnet.gov/expapi/activities/question",
            Activity::Assessment => "http://adlnet.gov/expapi/activities/assessment",
            Activity::Lesson => "http://adlnet.gov/expapi/activities/lesson",
            Activity::LessonStep => "http://adlnet.gov/expapi/activities/interaction",
        }
    }
}

/// An xAPI-shaped statement about one learner action.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub verb: Verb,
    pub activity: Activity,
    /// The app's address without its hash, e.g. `https://lab.example.org/`.
    pub app: String,
    /// The page's hash path, e.g. `quiz/eip-cost`: the object id is `APP#/PATH`.
    pub path: String,
    /// The activity's name for people (a lesson title, a question).
    pub name: String,
    pub success: bool,
    /// From 0 to 1.
    pub score_scaled: f64,
    /// The learner's answer, for `answered`.
    pub response: Option<String>,
}

impl Statement {
    /// The activity's id: the address of its page in the app.
    pub fn object_id(&self) -> String {
        format!("{}#/{}", self.app, self.path)
    }

    /// The statement as xAPI JSON.
    pub fn to_json(&self) -> Value {
        let mut result = Map::new();
        result.insert("success".into(), Value::Bool(self.success));
        result.insert(
            "score".into(),
            json!({ "scaled": clamp_score(self.score_scaled) }),
        );
        result.insert(
            "completion".into(),
            Value::Bool(self.verb == Verb::Completed || self.success),
        );
        if let Some(response) = &self.response {
            result.insert("response".into(), Value::String(response.clone()));
        }
        json!({
            "actor": {
                "objectType": "Agent",
                "account": { "homePage": self.app, "name": "anonymous" }
            },
            "verb": {
                "id": self.verb.id(),
                "display": { "en-US": self.verb.name() }
            },
            "object": {
                "objectType": "Activity",
                "id": self.object_id(),
                "definition": {
                    "type": self.activity.type_id(),
                    "name": { "en-US": self.name }
                }
            },
            "result": Value::Object(result)
        })
    }
}

fn clamp_score(score: f64) -> f64 {
    if score.is_nan() {
        0.0
    } else {
        score.clamp(0.0, 1.0)
    }
}

/// A message from the frame to its host.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Ready { page: String },
    Resize { height: u32 },
    Statement(Statement),
}

impl Outgoing {
    pub fn to_json(&self) -> Value {
        let mut message = Map::new();
        message.insert("source".into(), Value::String(SOURCE.into()));
        message.insert("version".into(), Value::from(VERSION));
        match self {
            Outgoing::Ready { page } => {
                message.insert("type".into(), "ready".into());
                message.insert("page".into(), Value::String(page.clone()));
            }
            Outgoing::Resize { height } => {
                message.insert("type".into(), "resize".into());
                message.insert("height".into(), Value::from(*height));
            }
            Outgoing::Statement(statement) => {
                message.insert("type".into(), "statement".into());
                message.insert("statement".into(), statement.to_json());
            }
        }
        Value::Object(message)
    }
}

/// A message from the host to the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoming {
    /// Asks the frame to say `ready` and its height again.
    Ping,
}

/// Reads a message a host posted (as JSON text); `None` unless it is exactly a
/// documented message: the envelope's `source` and `version`, a known `type`, and no
/// other fields.
pub fn parse_incoming(text: &str) -> Option<Incoming> {
    let value: Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    if object.get("source")?.as_str()? != SOURCE || object.get("version")?.as_u64()? != VERSION {
        return None;
    }
    let incoming = match object.get("type")?.as_str()? {
        "ping" => Incoming::Ping,
        _ => return None,
    };
    (object.len() == 3).then_some(incoming)
}

/// The origin the frame posts to, from the route's `origin` parameter: a web origin
/// (`scheme://host[:port]`, nothing after it) or `*` when the host asked for any.
/// `None` for anything else (the frame then posts nothing).
pub fn target_origin(given: Option<&str>) -> Option<String> {
    let origin = given?.trim();
    if origin == "*" {
        return Some(origin.to_string());
    }
    let (scheme, rest) = origin.split_once("://")?;
    let scheme_ok = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let host_ok = !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    (scheme_ok && host_ok).then(|| origin.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(success: bool) -> Statement {
        Statement {
            verb: Verb::Answered,
            activity: Activity::Question,
            app: "https://lab.example.org/".into(),
            path: "quiz/eip-cost".into(),
            name: "What does an idle Elastic IP cost?".into(),
            success,
            score_scaled: if success { 1.0 } else { 0.0 },
            response: Some("It is charged by the hour".into()),
        }
    }

    #[test]
    fn an_answer_is_an_xapi_statement_in_the_envelope() {
        let message = Outgoing::Statement(answer(true)).to_json();
        assert_eq!(message["source"], "ec2-netlab");
        assert_eq!(message["version"], 1);
        assert_eq!(message["type"], "statement");
        let s = &message["statement"];
        assert_eq!(s["actor"]["objectType"], "Agent");
        assert_eq!(s["verb"]["id"], VERB_ANSWERED);
        assert_eq!(s["verb"]["display"]["en-US"], "answered");
        assert_eq!(s["object"]["id"], "https://lab.example.org/#/quiz/eip-cost");
        assert_eq!(
            s["object"]["definition"]["type"],
            "http://adlnet.gov/expapi/activities/question"
        );
        assert_eq!(s["result"]["success"], true);
        assert_eq!(s["result"]["score"]["scaled"], 1.0);
        assert_eq!(s["result"]["response"], "It is charged by the hour");
    }

    #[test]
    fn a_wrong_answer_scores_zero_and_is_not_a_completion() {
        let s = answer(false).to_json();
        assert_eq!(s["result"]["success"], false);
        assert_eq!(s["result"]["score"]["scaled"], 0.0);
        assert_eq!(s["result"]["completion"], false);
    }

    #[test]
    fn a_completion_uses_the_completed_verb_and_keeps_scores_in_range() {
        let s = Statement {
            verb: Verb::Completed,
            activity: Activity::Lesson,
            response: None,
            score_scaled: 1.7,
            ..answer(true)
        }
        .to_json();
        assert_eq!(s["verb"]["id"], VERB_COMPLETED);
        assert_eq!(s["result"]["completion"], true);
        assert_eq!(s["result"]["score"]["scaled"], 1.0);
        assert!(s["result"].get("response").is_none());
    }

    #[test]
    fn ready_and_resize_messages() {
        assert_eq!(
            Outgoing::Ready {
                page: "lesson/eni-kinds".into()
            }
            .to_json(),
            json!({"source": "ec2-netlab", "version": 1, "type": "ready", "page": "lesson/eni-kinds"})
        );
        assert_eq!(
            Outgoing::Resize { height: 412 }.to_json(),
            json!({"source": "ec2-netlab", "version": 1, "type": "resize", "height": 412})
        );
    }

    #[test]
    fn only_the_documented_ping_is_accepted() {
        assert_eq!(
            parse_incoming(r#"{"source":"ec2-netlab","version":1,"type":"ping"}"#),
            Some(Incoming::Ping)
        );
        for text in [
            "ping",
            "null",
            "[]",
            r#"{"type":"ping"}"#,
            r#"{"source":"other","version":1,"type":"ping"}"#,
            r#"{"source":"ec2-netlab","version":2,"type":"ping"}"#,
            r#"{"source":"ec2-netlab","version":1,"type":"resize"}"#,
            r#"{"source":"ec2-netlab","version":1,"type":"ping","extra":true}"#,
        ] {
            assert_eq!(parse_incoming(text), None, "{text}");
        }
    }

    #[test]
    fn the_target_origin_must_be_an_origin() {
        assert_eq!(
            target_origin(Some("https://docs.example.org")).as_deref(),
            Some("https://docs.example.org")
        );
        assert_eq!(
            target_origin(Some("http://127.0.0.1:8090")).as_deref(),
            Some("http://127.0.0.1:8090")
        );
        assert_eq!(target_origin(Some("*")).as_deref(), Some("*"));
        assert_eq!(target_origin(None), None);
        assert_eq!(target_origin(Some("null")), None);
        assert_eq!(target_origin(Some("https://a.org/path")), None);
        assert_eq!(target_origin(Some("javascript:alert(1)")), None);
    }
}
