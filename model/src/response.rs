//! An operation's answer: the JSON of EC2's response, serialized once from its typed form.
//!
//! Operations answer with the model's typed response structs; [`Response::of`] writes
//! one as compact JSON text, its fields in the order they are declared (AWS's order),
//! and [`Response::written`] one of the types that write themselves ([`WriteJson`]: the
//! descriptions of instances and interfaces, most of the bytes answered).
//! That text is what `netlab run` prints, spliced into each step's line. A
//! `serde_json::Value` is built only for a caller that wants one ([`Response::value`]),
//! and `--query` reads the text without building what it does not select
//! ([`Query::apply_json`](crate::script::Query::apply_json)).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;
use std::cell::Cell;

pub use crate::json_text::WriteJson;

/// The compact JSON text of one response (`{}` when the AWS CLI prints nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    json: String,
}

/// The largest scratch buffer kept between responses.
const SCRATCH_KEPT: usize = 64 * 1024;

thread_local! {
    /// Where responses are written before being copied out at their exact size: one
    /// allocation per response, and none of the doubling series a fresh buffer would grow
    /// through (an instance's description is about 3 KB). Taken while a response is
    /// written, so a response written meanwhile starts from an empty buffer of its own;
    /// kept only up to [`SCRATCH_KEPT`] bytes, so one huge answer does not stay in memory.
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

/// The scratch buffer, empty.
fn take_scratch() -> String {
    let mut scratch = SCRATCH.take();
    scratch.clear();
    scratch
}

/// `{"Key": body}`: the wrapper most EC2 responses have.
struct Wrapped<'a, T: ?Sized> {
    key: &'a str,
    body: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for Wrapped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.body)?;
        map.end()
    }
}

impl Response {
    /// A typed response written as JSON (the model's response types always serialize;
    /// one that did not would answer `null`).
    pub fn of<T: Serialize + ?Sized>(body: &T) -> Response {
        let mut scratch = take_scratch();
        if crate::json_text::write(&mut scratch, body).is_err() {
            scratch.clear();
            scratch.push_str("null");
        }
        Response::copied_from(scratch)
    }

    /// `{"Key": body}`.
    pub fn wrapped<T: Serialize + ?Sized>(key: &str, body: &T) -> Response {
        Response::of(&Wrapped { key, body })
    }

    /// A response that writes itself.
    pub fn written<T: WriteJson + ?Sized>(body: &T) -> Response {
        let mut scratch = take_scratch();
        body.write_json(&mut scratch);
        Response::copied_from(scratch)
    }

    /// `{"Key": body}`, of a body that writes itself.
    pub fn wrapped_written<T: WriteJson + ?Sized>(key: &str, body: &T) -> Response {
        let mut scratch = take_scratch();
        scratch.push_str("{\"");
        crate::json_text::push_plain(&mut scratch, key);
        scratch.push_str("\":");
        body.write_json(&mut scratch);
        scratch.push('}');
        Response::copied_from(scratch)
    }

    /// The text written in the scratch buffer, copied out at its size; the buffer is
    /// kept for the next response.
    fn copied_from(scratch: String) -> Response {
        let json = scratch.clone();
        if scratch.capacity() <= SCRATCH_KEPT {
            SCRATCH.set(scratch);
        }
        Response { json }
    }

    /// An empty response, `{}`: the AWS CLI prints nothing.
    pub fn empty() -> Response {
        Response {
            json: "{}".to_string(),
        }
    }

    /// The response as compact JSON text.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The response as a JSON value, built from the text on each call.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or(Value::Null)
    }

    /// The response as indented JSON, as the app shows it to a learner.
    pub fn pretty(&self) -> String {
        serde_json::to_string_pretty(&self.value()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Attachment {
        attachment_id: &'static str,
        network_card_index: u32,
    }

    #[test]
    fn fields_keep_their_declared_order() {
        let r = Response::of(&Attachment {
            attachment_id: "eni-attach-1",
            network_card_index: 0,
        });
        assert_eq!(
            r.json(),
            r#"{"AttachmentId":"eni-attach-1","NetworkCardIndex":0}"#
        );
        assert_eq!(
            r.value(),
            json!({"AttachmentId": "eni-attach-1", "NetworkCardIndex": 0})
        );
    }

    #[test]
    fn pretty_response_is_indented_in_declared_order() {
        let r = Response::of(&Attachment {
            attachment_id: "eni-attach-1",
            network_card_index: 0,
        });
        assert_eq!(
            r.pretty(),
            "{\n  \"AttachmentId\": \"eni-attach-1\",\n  \"NetworkCardIndex\": 0\n}"
        );
    }

    #[test]
    fn wrapped_response_is_one_key_around_the_body() {
        let r = Response::wrapped("Return", &true);
        assert_eq!(r.json(), r#"{"Return":true}"#);
    }

    #[test]
    fn empty_response_is_an_empty_object() {
        assert_eq!(Response::empty().json(), "{}");
        assert_eq!(Response::empty().value(), json!({}));
    }
}
