//! Compact JSON text for serde: what `serde_json::to_writer` writes, byte for byte, in
//! fewer and larger writes (a key and its punctuation at once, a string that needs no
//! escape copied whole), which keeps responses quick to write at `opt-level = "z"`.
//!
//! Floating-point numbers and strings that need escaping are written by `serde_json`
//! itself, so those rare cases are its text exactly. The text is written into a `String`:
//! it is never re-validated as UTF-8.
//!
//! The answers' largest types (the descriptions of instances and interfaces) are written
//! by hand instead ([`WriteJson`]), with the pieces below: each run of punctuation and
//! keys between two values is one constant, copied at once.

use crate::ascii_text::{decimal_width, AsciiText};
use crate::ids::{id_text, ResourceId};
use serde::ser::{self, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

/// A value written as compact JSON by its own writer, serde_json's text byte for byte:
/// the fields' names and order are the writer's (AWS's), one constant run of JSON
/// between two values (`","InstanceType":"`), where serde's data model writes each key
/// and value through calls of their own.
pub trait WriteJson {
    /// Appends the value's JSON text.
    fn write_json(&self, out: &mut String);
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut String) {
        let mut separator = '[';
        for item in self {
            out.push(separator);
            separator = ',';
            item.write_json(out);
        }
        if self.is_empty() {
            out.push('[');
        }
        out.push(']');
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

/// `null`, as serde writes `()`.
impl WriteJson for () {
    fn write_json(&self, out: &mut String) {
        out.push_str("null");
    }
}

/// Appends the inside of a JSON string (no quotes), escaped as serde_json escapes it.
pub(crate) fn push_contents(out: &mut String, s: &str) {
    if any_needs_escape(s.as_bytes()) {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        out.push_str(
            quoted
                .get(1..quoted.len().saturating_sub(1))
                .unwrap_or_default(),
        );
    } else {
        out.push_str(s);
    }
}

/// Appends text the model built that never needs an escape (ids, times, addresses and
/// DNS names: letters, digits and `-.:`), as it is.
pub(crate) fn push_plain(out: &mut String, s: &str) {
    debug_assert!(!any_needs_escape(s.as_bytes()), "{s:?}");
    out.push_str(s);
}

/// Appends an id's text (without quotes).
pub(crate) fn push_id<I: ResourceId>(out: &mut String, id: I) {
    push_plain(out, id_text(I::PREFIX, id.raw()).as_str());
}

/// Appends an IPv4 address's dotted text (without quotes).
pub(crate) fn push_ipv4(out: &mut String, address: Ipv4Addr) {
    let mut text = AsciiText::<15>::new();
    text.push_octets(address, b'.');
    push_plain(out, text.as_str());
}

pub(crate) fn push_bool(out: &mut String, v: bool) {
    out.push_str(if v { "true" } else { "false" });
}

/// Appends `value` as compact JSON.
pub(crate) fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    value.serialize(Json { out })
}

/// Why a value could not be written (a map key that is not a string or a number, or
/// an error a `Serialize` impl raised).
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error(e.to_string())
    }
}

/// Whether serde_json escapes this byte in a string: quotes, backslashes and control
/// characters.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any byte of `bytes` needs an escape, eight bytes at a time: a byte below
/// 0x20, or equal to `"` or `\\`, sets the high bit of its lane in one of three words
/// (the classic "has a byte less than n" test, exact for the question "any?").
fn any_needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut lane = [0u8; 8];
        lane.copy_from_slice(chunk);
        let w = u64::from_ne_bytes(lane);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let below_space = w.wrapping_sub(ONES * 0x20) & !w;
        let is_quote = quote.wrapping_sub(ONES) & !quote;
        let is_backslash = backslash.wrapping_sub(ONES) & !backslash;
        if (below_space | is_quote | is_backslash) & HIGH != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| needs_escape(b))
}

/// Appends serde_json's own compact text of `value`: for the rare values this writer
/// leaves to it (floats, 128-bit integers, bytes, strings that need escaping).
fn push_serde_json<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    out.push_str(&serde_json::to_string(value)?);
    Ok(())
}

/// Appends `s` as a JSON string, quotes included.
fn push_string(out: &mut String, s: &str) -> Result<(), Error> {
    if any_needs_escape(s.as_bytes()) {
        push_serde_json(out, s)?;
    } else {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
    Ok(())
}

/// Appends an unsigned integer's decimal digits.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    let mut digits = AsciiText::<20>::new();
    digits.push_decimal(n, decimal_width(n));
    out.push_str(digits.as_str());
}

fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// Writes `Display` output as the inside of a JSON string, escaping as serde_json does.
struct StringContents<'o> {
    out: &'o mut String,
}

impl fmt::Write for StringContents<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        push_contents(self.out, s);
        Ok(())
    }
}

struct Json<'o> {
    out: &'o mut String,
}

/// An array, object or variant being written: its opening bracket, written with its
/// first element (so that the element's separator is one choice, not a test and a
/// write), whether an element came yet, and what closes it.
struct Compound<'o> {
    out: &'o mut String,
    open: char,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    /// The opening bracket before the first element, a comma before the others.
    fn separate(&mut self) {
        let separator = if self.first { self.open } else { ',' };
        self.first = false;
        self.out.push(separator);
    }

    /// A struct field's `"key":` (after the opening brace or a comma), copied as it is:
    /// field names are AWS field names (Rust identifiers in PascalCase, or a `rename` of
    /// the same kind), which never need an escape.
    fn key(&mut self, key: &'static str) {
        debug_assert!(!any_needs_escape(key.as_bytes()), "{key:?}");
        debug_assert_eq!(self.open, '{');
        let separator = if self.first { "{\"" } else { ",\"" };
        self.first = false;
        let out = &mut *self.out;
        out.push_str(separator);
        out.push_str(key);
        out.push_str("\":");
    }

    fn finish(self) {
        if self.first {
            self.out.push(self.open);
        }
        self.out.push_str(self.close);
    }
}

impl<'o> Json<'o> {
    /// An array or object whose opening `open` is written with its first element.
    fn open(self, open: char, close: &'static str) -> Compound<'o> {
        Compound {
            out: self.out,
            open,
            first: true,
            close,
        }
    }

    /// `{"variant":` before a variant's content.
    fn variant_key(&mut self, variant: &str) -> Result<(), Error> {
        self.out.push('{');
        push_string(self.out, variant)?;
        self.out.push(':');
        Ok(())
    }

    /// A variant's content, after `{"variant":`; its compound closes both with `close`.
    fn open_variant(
        mut self,
        variant: &str,
        open: char,
        close: &'static str,
    ) -> Result<Compound<'o>, Error> {
        self.variant_key(variant)?;
        Ok(self.open(open, close))
    }
}

impl<'o> ser::Serializer for Json<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'o>;
    type SerializeTuple = Compound<'o>;
    type SerializeTupleStruct = Compound<'o>;
    type SerializeTupleVariant = Compound<'o>;
    type SerializeMap = Compound<'o>;
    type SerializeStruct = Compound<'o>;
    type SerializeStructVariant = Compound<'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        push_bool(self.out, v);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        push_i64(self.out, v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        push_serde_json(self.out, &v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        push_u64(self.out, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        push_serde_json(self.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        push_serde_json(self.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        push_serde_json(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_string(self.out, v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_string(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        push_serde_json(self.out, v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        push_string(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut json = self;
        json.variant_key(variant)?;
        value.serialize(Json {
            out: &mut *json.out,
        })?;
        json.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(self.open('[', "]"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'o>, Error> {
        Ok(self.open('[', "]"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Compound<'o>, Error> {
        Ok(self.open('[', "]"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o>, Error> {
        self.open_variant(variant, '[', "]}")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(self.open('{', "}"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'o>, Error> {
        Ok(self.open('{', "}"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'o>, Error> {
        self.open_variant(variant, '{', "}}")
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        self.out.push('"');
        let mut contents = StringContents { out: self.out };
        fmt::write(&mut contents, format_args!("{value}"))
            .map_err(|_| Error("a value's text could not be written".into()))?;
        self.out.push('"');
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(Json {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separate();
        key.serialize(MapKey {
            out: &mut *self.out,
        })?;
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Json {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.key(key);
        value.serialize(Json {
            out: &mut *self.out,
        })
    }
    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish();
        Ok(())
    }
}

/// A map key: a string, or anything else serde_json accepts as one, as serde_json
/// writes it (it quotes numbers, booleans and chars, and refuses the rest).
struct MapKey<'o> {
    out: &'o mut String,
}

impl MapKey<'_> {
    /// A number or boolean key, in quotes.
    fn quoted<T: Serialize>(self, key: T) -> Result<(), Error> {
        self.out.push('"');
        key.serialize(Json {
            out: &mut *self.out,
        })?;
        self.out.push('"');
        Ok(())
    }
}

/// Refuses a key serde_json refuses.
fn key_must_be_a_string() -> Error {
    Error("key must be a string".into())
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        push_string(self.out, v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        push_string(self.out, v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        push_string(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Error> {
        push_string(self.out, &value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::json;
    use std::collections::BTreeMap;
    use std::net::Ipv4Addr;

    #[test]
    fn escape_test_finds_every_escaped_byte_in_every_lane() {
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=u8::MAX {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        any_needs_escape(&bytes),
                        needs_escape(b),
                        "{b:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    fn same_as_serde_json<T: Serialize>(value: &T) {
        let mut ours = String::new();
        assert!(write(&mut ours, value).is_ok());
        let theirs = serde_json::to_string(value).unwrap_or_default();
        assert_eq!(ours, theirs);
    }

    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Sample {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u32>,
        count: u64,
        delta: i32,
        fee: f64,
        address: Ipv4Addr,
        tags: Vec<()>,
        none: Vec<u8>,
        nothing: Nothing,
        nested: Vec<Kind>,
    }

    #[derive(Serialize)]
    struct Nothing {}

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Wrapped(u8),
        Pair(u8, bool),
        Shaped { x: char },
    }

    #[test]
    fn structs_enums_and_numbers_are_serde_json_text() {
        same_as_serde_json(&Sample {
            name: "eni-0a1b",
            absent: None,
            count: u64::MAX,
            delta: i32::MIN,
            fee: 0.005 * 3.0,
            address: Ipv4Addr::new(10, 0, 1, 5),
            tags: vec![(), ()],
            none: Vec::new(),
            nothing: Nothing {},
            nested: vec![
                Kind::Plain,
                Kind::Wrapped(7),
                Kind::Pair(0, true),
                Kind::Shaped { x: '"' },
            ],
        });
    }

    #[test]
    fn strings_that_need_escapes_are_escaped_as_serde_json_does() {
        same_as_serde_json(&"tab\there \"quoted\" back\\slash \u{1} é \u{7f}");
        same_as_serde_json(&json!({"a\nb": ["x", 1.5, null, false, {"": -0.0}]}));
    }

    #[test]
    fn map_keys_that_are_numbers_are_quoted() {
        let map: BTreeMap<u32, &str> = [(1, "one"), (20, "twenty")].into_iter().collect();
        same_as_serde_json(&map);
        same_as_serde_json(&BTreeMap::<u32, u32>::new());
    }
}
