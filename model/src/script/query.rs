//! `--query` and `--output`: a JMESPath subset applied to a response, and the CLI's renderings.
//!
//! Supported JMESPath: identifiers (`Instances`), quoted identifiers (`"Foo Bar"`),
//! sub-expressions with `.`, indexes `[N]` and negative `[-N]`, the flatten projection
//! `[]` and the list wildcard `[*]` (`Reservations[].Instances[].InstanceId`). A path
//! that matches nothing gives `null`, which `--output text` prints as `None`, as the
//! AWS CLI does. Filters, multi-select, functions, pipes and slices are not supported
//! and are refused with `InvalidParameterValue`.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::json_path::{self, Found, Step};
use crate::error::{Ec2Error, ErrorCode};

/// Longest accepted `--query` (in characters); real paths are a few dozen.
const MAX_QUERY_CHARS: usize = 1024;

/// A parsed `--query` path, shared by its copies (a clone counts a reference).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query(Rc<Path>);

#[derive(Debug, PartialEq, Eq)]
struct Path {
    source: String,
    segments: Vec<Segment>,
}

/// The last few queries parsed, found again by their text: a script's captures repeat
/// a handful of paths, which are then parsed once each instead of once a step.
#[derive(Debug, Default)]
pub struct Queries(Vec<Query>);

impl Queries {
    /// How many queries are kept; the oldest makes room for a new one.
    const KEPT: usize = 16;

    /// The query `text` parses to (see [`Query::parse`]), parsed once while it is kept.
    pub fn parse(&mut self, text: &str) -> Result<Query, Ec2Error> {
        if let Some(known) = self.0.iter().find(|q| q.as_str() == text) {
            return Ok(known.clone());
        }
        let query = Query::parse(text)?;
        if self.0.len() == Self::KEPT {
            self.0.remove(0);
        }
        self.0.push(query.clone());
        Ok(query)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Field(String),
    Index(i64),
    /// `[]`: flatten one level, then project the rest of the path over the elements.
    Flatten,
    /// `[*]`: project the rest of the path over the elements.
    Wildcard,
}

fn bad(text: &str, position: usize, what: &str) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::InvalidParameterValue,
        format!("Bad value for --query {text}: {what} at position {position}"),
    )
}

impl Query {
    /// Parses a path such as `Reservations[0].Instances[0].PublicIpAddress`.
    pub fn parse(text: &str) -> Result<Query, Ec2Error> {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(bad(text, MAX_QUERY_CHARS, "the expression is too long"));
        }
        // `i` is a byte offset; every token the grammar knows is ASCII.
        let bytes = text.as_bytes();
        let mut segments = Vec::new();
        let mut i = 0;
        // `true` when the next token must be an identifier (at the start, or after `.`).
        let mut want_name = true;
        let mut after_dot = false;
        while let Some(&c) = bytes.get(i) {
            if c == b' ' {
                i += 1;
                continue;
            }
            if c == b'[' && !after_dot {
                let Some(close) = text.get(i..).and_then(|rest| rest.find(']')).map(|p| p + i)
                else {
                    return Err(bad(text, position(text, i), "expected ']'"));
                };
                segments.push(match text.get(i + 1..close).unwrap_or_default().trim() {
                    "" => Segment::Flatten,
                    "*" => Segment::Wildcard,
                    n => match n.parse::<i64>() {
                        Ok(n) => Segment::Index(n),
                        Err(_) => {
                            return Err(bad(
                                text,
                                position(text, i) + 1,
                                "only [N], [-N], [] and [*] are supported inside brackets",
                            ))
                        }
                    },
                });
                i = close + 1;
                want_name = false;
                continue;
            }
            if want_name {
                let (name, next) = if c == b'"' {
                    quoted_identifier(text, i)?
                } else if c.is_ascii_alphabetic() || c == b'_' {
                    let end = bytes
                        .iter()
                        .skip(i)
                        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
                        .map_or(bytes.len(), |p| p + i);
                    (text.get(i..end).unwrap_or_default().to_string(), end)
                } else {
                    return Err(bad(
                        text,
                        position(text, i),
                        "expected a name (only dotted names, [N], [] and [*] are supported)",
                    ));
                };
                segments.push(Segment::Field(name));
                i = next;
                want_name = false;
                after_dot = false;
                continue;
            }
            if c == b'.' {
                i += 1;
                want_name = true;
                after_dot = true;
                continue;
            }
            return Err(bad(
                text,
                position(text, i),
                "unsupported syntax (only dotted names, [N], [] and [*] are supported)",
            ));
        }
        if want_name {
            return Err(bad(text, length + 1, "expected a name"));
        }
        Ok(Query(Rc::new(Path {
            source: text.to_string(),
            segments,
        })))
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.0.source
    }

    /// The value the path selects in `value` (`null` when it selects nothing).
    pub fn apply(&self, value: &Value) -> Value {
        evaluate(&self.0.segments, value)
    }

    /// What [`Query::apply`] gives on the value the JSON text `json` holds, reading the
    /// text once: the names and indexes that lead the path are followed through it,
    /// only the part they select is built, and the rest of the path is applied to that
    /// part. What the path passes by is stepped over unchecked ([`json_path`]): `json`
    /// is valid JSON, such as a response's text.
    pub fn apply_json(&self, json: &str) -> Value {
        let lead = self
            .0
            .segments
            .iter()
            .take_while(|s| matches!(s, Segment::Field(_) | Segment::Index(0..)))
            .count();
        let (path, rest) = self.0.segments.split_at(lead);
        let steps = path.iter().filter_map(|segment| match segment {
            Segment::Field(name) => Some(Step::Name(name)),
            Segment::Index(n) => usize::try_from(*n).ok().map(Step::Index),
            Segment::Flatten | Segment::Wildcard => None,
        });
        let selected = match json_path::find(json, steps) {
            Found::Value(text) => {
                serde_json::from_str(text).unwrap_or_else(|_| self.select(json, path))
            }
            Found::Nothing => Value::Null,
            Found::Unsure => self.select(json, path),
        };
        if rest.is_empty() {
            selected
        } else {
            evaluate(rest, &selected)
        }
    }

    /// The value `path` (names and non-negative indexes) leads to in the JSON text
    /// `json`, read with `serde_json` (`null` when it leads nowhere).
    fn select(&self, json: &str, path: &[Segment]) -> Value {
        let mut reader = serde_json::Deserializer::from_str(json);
        let found = Cell::new(None);
        // Reading stops once the path's value is built: the error that stops it is
        // expected, and what was found is in `found`.
        let _stopped = Select {
            path,
            found: &found,
        }
        .deserialize(&mut reader);
        found.take().unwrap_or(Value::Null)
    }
}

/// Reads one JSON value, following a path of names and non-negative indexes through it:
/// what the path leads to is built and put in `found`, and reading stops there (with an
/// error, the only way to leave a serde deserializer early; a response's keys are
/// unique, so nothing after it could change the answer). What the path passes by is
/// skipped; a path that leads nowhere leaves `found` empty.
struct Select<'q, 'f> {
    path: &'q [Segment],
    found: &'f Cell<Option<Value>>,
}

impl<'q, 'f> Select<'q, 'f> {
    fn then(&self, path: &'q [Segment]) -> Select<'q, 'f> {
        Select {
            path,
            found: self.found,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Select<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            self.found.set(Some(Value::deserialize(reader)?));
            Err(serde::de::Error::custom("the path's value is read"))
        } else {
            reader.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for Select<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (name, rest) = match self.path {
            [Segment::Field(name), rest @ ..] => (Some(name.as_str()), rest),
            _ => (None, &[][..]),
        };
        while let Some(wanted) = map.next_key_seed(KeyIs(name))? {
            if wanted {
                return map.next_value_seed(self.then(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (wanted, rest) = match self.path {
            [Segment::Index(n), rest @ ..] => (usize::try_from(*n).ok(), rest),
            _ => (None, &[][..]),
        };
        let mut i = 0;
        loop {
            if Some(i) == wanted {
                return seq.next_element_seed(self.then(rest)).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
}

/// Reads an object's key and tells whether it is the name wanted, without copying it.
struct KeyIs<'q>(Option<&'q str>);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<bool, D::Error> {
        reader.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(self.0 == Some(key))
    }
}

/// A JMESPath quoted identifier `"..."` starting at `start`: its name and the index after it.
fn quoted_identifier(text: &str, start: usize) -> Result<(String, usize), Ec2Error> {
    let mut name = String::new();
    let after_quote = start + 1;
    let mut chars = text
        .get(after_quote..)
        .unwrap_or_default()
        .char_indices()
        .map(|(k, c)| (k + after_quote, c));
    loop {
        match chars.next() {
            None => return Err(bad(text, position(text, start), "unterminated quoted name")),
            Some((k, '"')) => return Ok((name, k + 1)),
            Some((k, '\\')) => match chars.next() {
                Some((_, c @ ('"' | '\\' | '/'))) => name.push(c),
                _ => {
                    return Err(bad(
                        text,
                        position(text, k),
                        "unsupported escape in a quoted name",
                    ))
                }
            },
            Some((_, c)) => name.push(c),
        }
    }
}

/// The 1-based position, in characters, of the character at byte `offset` of `text`
/// (what an error names, as the AWS CLI counts).
fn position(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.chars().count())
        + 1
}

/// JMESPath evaluation of a chain: a projection (`[]`, `[*]`) applies the rest of the
/// chain to each element and drops null results; a later `[]` ends the projection and
/// flattens what it produced, so `a[].b[].c` is one flat list.
fn evaluate(segments: &[Segment], value: &Value) -> Value {
    // Names and indexes select by reference: only the part selected is copied.
    let mut selected = Some(value);
    let mut k = 0;
    while let (Some(v), Some(segment)) = (selected, segments.get(k)) {
        selected = match segment {
            Segment::Field(name) => v.get(name),
            Segment::Index(n) => index(v, *n),
            Segment::Wildcard | Segment::Flatten => break,
        };
        k += 1;
    }
    let mut current = selected.cloned().unwrap_or(Value::Null);
    while let Some(segment) = segments.get(k) {
        k += 1;
        let elements = match segment {
            Segment::Field(name) => {
                current = current.get(name).cloned().unwrap_or(Value::Null);
                continue;
            }
            Segment::Index(n) => {
                current = index(&current, *n).cloned().unwrap_or(Value::Null);
                continue;
            }
            Segment::Wildcard => match current {
                Value::Array(items) => items,
                _ => return Value::Null,
            },
            Segment::Flatten => match current {
                Value::Array(items) => {
                    let mut flat = Vec::new();
                    for item in items {
                        match item {
                            Value::Array(inner) => flat.extend(inner),
                            other => flat.push(other),
                        }
                    }
                    flat
                }
                _ => return Value::Null,
            },
        };
        let end = segments[k..]
            .iter()
            .position(|s| *s == Segment::Flatten)
            .map_or(segments.len(), |p| p + k);
        let rest = &segments[k..end];
        current = Value::Array(
            elements
                .iter()
                .map(|e| evaluate(rest, e))
                .filter(|v| !v.is_null())
                .collect(),
        );
        k = end;
    }
    current
}

fn index(value: &Value, n: i64) -> Option<&Value> {
    let items = value.as_array()?;
    let len = i64::try_from(items.len()).ok()?;
    let i = if n < 0 { len + n } else { n };
    usize::try_from(i).ok().and_then(|i| items.get(i))
}

/// The AWS CLI's `--output` formats the model can print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// `--output json` (the default): indented JSON.
    #[default]
    Json,
    /// `--output text`: tab-separated values, as the CLI's text formatter prints them.
    Text,
}

impl OutputFormat {
    /// Parses the value of `--output`.
    pub fn parse(text: &str) -> Result<OutputFormat, Ec2Error> {
        match text {
            "json" => Ok(OutputFormat::Json),
            "text" => Ok(OutputFormat::Text),
            "table" | "yaml" | "yaml-stream" => Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("--output {text} is not supported here: use json or text"),
            )),
            _ => Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "argument --output: Invalid choice, valid choices are: json | text | table | yaml | yaml-stream (got {text})"
                ),
            )),
        }
    }
}

/// What the CLI prints for `value` in `format`, ending with a newline.
pub fn render(value: &Value, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => render_json(value),
        OutputFormat::Text => render_text(value),
    }
}

/// `--output json`: JSON indented by four spaces, as the CLI prints it.
pub fn render_json(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    let text = match serde::Serialize::serialize(value, &mut ser) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => value.to_string(),
    };
    text + "\n"
}

/// The value `NAME=$(...)` receives from a command's output: bash's command
/// substitution removes every trailing newline.
pub fn captured(mut output: String) -> String {
    let kept = output.trim_end_matches('\n').len();
    output.truncate(kept);
    output
}

/// `--output text`, following the CLI's text formatter:
/// - a scalar prints as itself (`None` for null, `True` / `False` for booleans);
/// - a list of scalars prints tab-separated on one line;
/// - a structure prints its scalar members tab-separated on one line, in key order,
///   then each list or structure member, list elements under an upper-cased header of
///   their key (`NETWORKINTERFACES ...`);
/// - a list of structures prints one line per structure, the columns being every scalar
///   key found in any of them (missing ones empty).
pub fn render_text(value: &Value) -> String {
    let mut out = String::new();
    text_value(value, None, None, &mut out);
    out
}

fn scalar_text(value: &Value) -> String {
    let mut text = String::new();
    push_scalar(value, &mut text);
    text
}

/// Appends a scalar as the text formatter prints it.
fn push_scalar(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(s),
        other => out.push_str(&other.to_string()),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn text_value(value: &Value, header: Option<&str>, columns: Option<&[String]>, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut scalars = Vec::new();
            let mut nested = Vec::new();
            match columns {
                None => {
                    for (key, member) in map {
                        if is_scalar(member) {
                            scalars.push(scalar_text(member));
                        } else {
                            nested.push((key, member));
                        }
                    }
                }
                Some(columns) => {
                    for key in columns {
                        scalars.push(map.get(key).map(scalar_text).unwrap_or_default());
                    }
                    for (key, member) in map {
                        if !columns.contains(key) {
                            nested.push((key, member));
                        }
                    }
                }
            }
            if !scalars.is_empty() {
                if let Some(h) = header {
                    scalars.insert(0, h.to_uppercase());
                }
                out.push_str(&scalars.join("\t"));
                out.push('\n');
            }
            for (key, member) in nested {
                text_value(member, Some(key), None, out);
            }
        }
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) => {
            if items.iter().any(Value::is_object) {
                let mut columns: Vec<String> = Vec::new();
                for item in items.iter().filter_map(Value::as_object) {
                    for (key, member) in item {
                        if is_scalar(member) && !columns.contains(key) {
                            columns.push(key.clone());
                        }
                    }
                }
                columns.sort();
                for item in items {
                    text_value(item, header, Some(&columns), out);
                }
            } else {
                let scalars: Vec<&Value> = items.iter().filter(|v| is_scalar(v)).collect();
                if !scalars.is_empty() {
                    scalar_line(&scalars, header, out);
                }
                for item in items.iter().filter(|v| !is_scalar(v)) {
                    text_value(item, header, None, out);
                }
            }
        }
        scalar => {
            push_scalar(scalar, out);
            out.push('\n');
        }
    }
}

fn scalar_line(items: &[&Value], header: Option<&str>, out: &mut String) {
    match header {
        Some(h) => {
            for item in items {
                out.push_str(&h.to_uppercase());
                out.push('\t');
                out.push_str(&scalar_text(item));
                out.push('\n');
            }
        }
        None => {
            let line: Vec<String> = items.iter().map(|v| scalar_text(v)).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_repeated_query_is_parsed_once_and_a_refused_one_not_kept() {
        let mut queries = Queries::default();
        let first = queries
            .parse("Instances[0].InstanceId")
            .expect("valid path");
        let again = queries
            .parse("Instances[0].InstanceId")
            .expect("valid path");
        assert!(Rc::ptr_eq(&first.0, &again.0));
        assert_eq!(
            first,
            Query::parse("Instances[0].InstanceId").expect("valid")
        );
        assert_eq!(
            queries.parse("Instances[?State]"),
            Query::parse("Instances[?State]")
        );
        for n in 0..=Queries::KEPT {
            queries.parse(&format!("A[{n}]")).expect("valid path");
        }
        assert_eq!(queries.0.len(), Queries::KEPT);
        let evicted = queries
            .parse("Instances[0].InstanceId")
            .expect("valid path");
        assert!(!Rc::ptr_eq(&first.0, &evicted.0));
        assert_eq!(first, evicted);
    }

    /// The path applied to `value`, checked to select the same from its JSON text.
    fn q(path: &str, value: &Value) -> Value {
        let query = Query::parse(path).expect("valid path");
        let selected = query.apply(value);
        assert_eq!(query.apply_json(&value.to_string()), selected, "{path}");
        let pretty = serde_json::to_string_pretty(value).expect("JSON text");
        assert_eq!(query.apply_json(&pretty), selected, "{path}, pretty");
        selected
    }

    fn run_instances() -> Value {
        json!({
            "Instances": [
                {"InstanceId": "i-1", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}]},
                {"InstanceId": "i-2", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-2"}, {"NetworkInterfaceId": "eni-3"}]}
            ],
            "OwnerId": "123456789012"
        })
    }

    #[test]
    fn dotted_names_with_indexes_select_one_value() {
        let r = run_instances();
        assert_eq!(q("Instances[0].InstanceId", &r), json!("i-1"));
        assert_eq!(
            q("Instances[1].NetworkInterfaces[1].NetworkInterfaceId", &r),
            json!("eni-3")
        );
        assert_eq!(q("OwnerId", &r), json!("123456789012"));
    }

    #[test]
    fn negative_index_counts_from_the_end() {
        let r = run_instances();
        assert_eq!(q("Instances[-1].InstanceId", &r), json!("i-2"));
        assert_eq!(q("Instances[-3].InstanceId", &r), Value::Null);
    }

    #[test]
    fn reading_the_text_selects_what_the_parsed_value_would() {
        let r = json!({"A": [1, {"B": [true, null, "x"]}], "C": {"D": 2.5}, "A2": "A"});
        for path in [
            "A",
            "A[0]",
            "A[1].B[2]",
            "A[1].B[-1]",
            "A[-1].B",
            "A[7]",
            "A.B",
            "C.D",
            "C[0]",
            "C.D.E",
            "A2[0]",
            "A[].B",
            "A[*].B[0]",
            "Nope[].B",
        ] {
            q(path, &r);
        }
        q("A", &json!("not an object"));
        q("[0]", &json!([{"A": 1}]));
    }

    #[test]
    fn quoted_identifiers_name_members() {
        assert_eq!(q(r#""Odd Key".x"#, &json!({"Odd Key": {"x": 1}})), json!(1));
        let value = json!({"a\"b": {"c\\d": 2}, "x": {"y": 3}});
        for path in [r#""a\"b"."c\\d""#, r#"x."y""#, r#""x".y"#] {
            let query = Query::parse(path).expect("a path");
            assert_eq!(query.as_str(), path);
            assert_eq!(
                query.apply_json(&value.to_string()),
                query.apply(&value),
                "{path}"
            );
        }
        assert_eq!(q(r#""a\"b"."c\\d""#, &value), json!(2));
        assert_eq!(q(r#"x."y""#, &value), json!(3));
    }

    #[test]
    fn a_path_that_matches_nothing_gives_null_printed_as_none() {
        let r = run_instances();
        let v = q("Instances[5].InstanceId", &r);
        assert_eq!(v, Value::Null);
        assert_eq!(render_text(&v), "None\n");
        assert_eq!(q("OwnerId.Nope[0]", &r), Value::Null);
    }

    #[test]
    fn flatten_projections_give_one_flat_list() {
        let r = json!({"Reservations": [r_one(), {"Instances": [{"InstanceId": "i-3"}]}]});
        assert_eq!(
            q("Reservations[].Instances[].InstanceId", &r),
            json!(["i-1", "i-2", "i-3"])
        );
        assert_eq!(
            q("Reservations[*].Instances[*].InstanceId", &r),
            json!([["i-1", "i-2"], ["i-3"]])
        );
        assert_eq!(
            q("Reservations[].Instances[0].InstanceId", &r),
            json!(["i-1", "i-3"])
        );
    }

    fn r_one() -> Value {
        json!({"Instances": [{"InstanceId": "i-1"}, {"InstanceId": "i-2"}]})
    }

    #[test]
    fn malformed_or_unsupported_paths_are_invalid_parameter_values() {
        for path in [
            "",
            "Instances[0",
            "Instances[?State=='x']",
            "Instances.",
            "a | b",
            "[a, b]",
            "a.[0]",
            "length(a)",
            "\"open",
        ] {
            let e = Query::parse(path).expect_err(path);
            assert_eq!(e.code, ErrorCode::InvalidParameterValue, "{path}");
            assert!(e.message.contains("position"), "{}", e.message);
        }
    }

    #[test]
    fn text_output_prints_strings_raw_and_lists_tab_separated() {
        assert_eq!(render_text(&json!("eni-1")), "eni-1\n");
        assert_eq!(render_text(&json!(["i-1", "i-2"])), "i-1\ti-2\n");
        assert_eq!(render_text(&json!(3)), "3\n");
        assert_eq!(render_text(&json!(true)), "True\n");
        assert_eq!(render_text(&json!([])), "");
        assert_eq!(render_text(&json!([["a", "b"], ["c"]])), "a\tb\nc\n");
    }

    #[test]
    fn text_output_of_structures_uses_sorted_columns_and_headers() {
        let v = json!({"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"VpcId": "vpc-2", "IsDefault": true}]});
        assert_eq!(
            render_text(&v),
            "VPCS\t10.0.0.0/16\t\tvpc-1\nVPCS\t\tTrue\tvpc-2\n"
        );
        assert_eq!(
            render_text(&json!({"GroupIds": ["sg-1", "sg-2"], "Id": "x"})),
            "x\nGROUPIDS\tsg-1\nGROUPIDS\tsg-2\n"
        );
    }

    #[test]
    fn capture_removes_trailing_newlines() {
        assert_eq!(captured(render_text(&json!("eni-1"))), "eni-1");
        assert_eq!(captured("a\n\n\n".to_string()), "a");
    }

    #[test]
    fn json_output_is_indented_by_four_spaces() {
        assert_eq!(
            render_json(&json!({"A": [1]})),
            "{\n    \"A\": [\n        1\n    ]\n}\n"
        );
    }

    #[test]
    fn output_format_choices() {
        assert_eq!(OutputFormat::parse("text"), Ok(OutputFormat::Text));
        assert_eq!(
            OutputFormat::parse("xml").map_err(|e| e.code),
            Err(ErrorCode::InvalidParameterValue)
        );
    }
}
