//! Structured parameter values: the AWS CLI shorthand syntax and its JSON form → JSON values.
//!
//! The AWS CLI accepts a structure either as JSON (a value starting with `{` or `[`) or
//! in its shorthand: `Key=value,Key2=value2`. Like the CLI's shorthand parser, this one
//! knows nothing of the parameter's model:
//! - `Key=a` gives a string, `Key=a,b,c` a list: after `Key=`, comma-separated items
//!   that are not themselves `Key=` belong to the previous key;
//! - `Key=[a,b]` is an explicit list, `Key=[]` an empty one, `Key={A=1,B=2}` a nested
//!   structure;
//! - values may be quoted with `'...'` or `"..."` (a backslash escapes the quote);
//!   whitespace around keys and unquoted values is dropped;
//! - numbers and booleans stay strings, and the caller converts them with the
//!   `to_*` helpers, which give typed errors; JSON keeps its types.
//!
//! The CLI then wraps a single value in a list where the model says the member is a
//! list (`Name=vpc-id,Values=vpc-1` gives `Values: ["vpc-1"]`); callers name those
//! members in `list_members`.

use serde_json::{Map, Value};

use crate::error::{Ec2Error, ErrorCode};

/// How deep `{...}` / `[...]` may nest in shorthand (EC2 structures are shallow).
const MAX_DEPTH: usize = 16;

/// Parses one structure value of flag `flag` (`--cidr-authorization-context
/// Message=m,Signature=s`), in shorthand or JSON. Members named in `list_members`
/// become lists even when given one value.
pub fn parse_structure(flag: &str, text: &str, list_members: &[&str]) -> Result<Value, Ec2Error> {
    let trimmed = text.trim_start();
    let mut value = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        serde_json::from_str(trimmed).map_err(|e| {
            Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("Error parsing parameter '--{flag}': Invalid JSON: {e}"),
            )
        })?
    } else {
        let mut p = Parser {
            flag,
            text,
            chars: text.chars().collect(),
            i: 0,
        };
        let map = p.object(None, 0)?;
        Value::Object(map)
    };
    wrap_list_members(&mut value, list_members);
    Ok(value)
}

/// Parses the values of a list-of-structures flag (`--network-interfaces
/// DeviceIndex=0,SubnetId=s DeviceIndex=1,SubnetId=s`, or one JSON list).
///
/// Each value is one structure; a single value that is a JSON list is the whole list.
pub fn parse_structure_list(
    flag: &str,
    values: &[impl AsRef<str>],
    list_members: &[&str],
) -> Result<Vec<Value>, Ec2Error> {
    let mut out = Vec::new();
    for text in values {
        match parse_structure(flag, text.as_ref(), list_members)? {
            Value::Array(items) if values.len() == 1 => out.extend(items),
            Value::Array(_) => {
                return Err(invalid(
                    flag,
                    "a JSON list must be the flag's only value".to_string(),
                ))
            }
            item => out.push(item),
        }
    }
    Ok(out)
}

fn wrap_list_members(value: &mut Value, list_members: &[&str]) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                wrap_list_members(member, list_members);
                if list_members.contains(&key.as_str()) && !member.is_array() {
                    *member = Value::Array(vec![member.take()]);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                wrap_list_members(item, list_members);
            }
        }
        _ => {}
    }
}

fn invalid(flag: &str, what: String) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::InvalidParameterValue,
        format!("Error parsing parameter '--{flag}': {what}"),
    )
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '/' | '#' | '-')
}

struct Parser<'a> {
    flag: &'a str,
    text: &'a str,
    chars: Vec<char>,
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    fn error<T>(&self, what: &str) -> Result<T, Ec2Error> {
        let found = match self.peek() {
            Some(c) => format!("'{c}'"),
            None => "the end".to_string(),
        };
        Err(invalid(
            self.flag,
            format!(
                "{what}, found {found} at position {} in: {}",
                self.i + 1,
                self.text
            ),
        ))
    }

    /// `Key=value,...` up to `closing` (`}` in a nested structure) or the end.
    fn object(
        &mut self,
        closing: Option<char>,
        depth: usize,
    ) -> Result<Map<String, Value>, Ec2Error> {
        let mut map = Map::new();
        loop {
            self.skip_ws();
            let start = self.i;
            while self.peek().is_some_and(is_key_char) {
                self.i += 1;
            }
            if self.i == start {
                if closing.is_some() && self.peek() == closing && map.is_empty() {
                    self.i += 1;
                    return Ok(map);
                }
                return self.error("expected a key");
            }
            let key: String = self.chars[start..self.i].iter().collect();
            self.skip_ws();
            if self.peek() != Some('=') {
                return self.error(&format!("expected '=' after the key {key}"));
            }
            self.i += 1;
            let value = self.value(closing, depth)?;
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                None if closing.is_none() => return Ok(map),
                None => return self.error("expected '}'"),
                Some(',') => self.i += 1,
                Some(c) if Some(c) == closing => {
                    self.i += 1;
                    return Ok(map);
                }
                Some(_) => return self.error("expected ','"),
            }
        }
    }

    /// What follows `Key=`: an explicit list, a nested structure, or comma-separated
    /// items (one item is a string, several are a list).
    fn value(&mut self, closing: Option<char>, depth: usize) -> Result<Value, Ec2Error> {
        self.skip_ws();
        match self.peek() {
            Some('[') => self.explicit_list(depth + 1),
            Some('{') => self.nested(depth + 1),
            _ => {
                let first = self.scalar(&[',', closing.unwrap_or(',')])?;
                let mut items = vec![first];
                while self.peek() == Some(',') && !self.key_follows() {
                    self.i += 1;
                    items.push(self.scalar(&[',', closing.unwrap_or(',')])?);
                }
                if items.len() == 1 {
                    Ok(items.pop().unwrap_or(Value::Null))
                } else {
                    Ok(Value::Array(items))
                }
            }
        }
    }

    fn nested(&mut self, depth: usize) -> Result<Value, Ec2Error> {
        if depth > MAX_DEPTH {
            return self.error("structures nest too deeply");
        }
        self.i += 1;
        Ok(Value::Object(self.object(Some('}'), depth)?))
    }

    /// `[a,b,{K=v}]`.
    fn explicit_list(&mut self, depth: usize) -> Result<Value, Ec2Error> {
        if depth > MAX_DEPTH {
            return self.error("lists nest too deeply");
        }
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.i += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let item = match self.peek() {
                Some('{') => self.nested(depth + 1)?,
                Some('[') => self.explicit_list(depth + 1)?,
                _ => self.scalar(&[',', ']'])?,
            };
            items.push(item);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(']') => {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.error("expected ',' or ']'"),
            }
        }
    }

    /// Whether the text after the `,` at the cursor starts a new `Key=`.
    fn key_follows(&self) -> bool {
        let mut j = self.i + 1;
        while self.chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let start = j;
        while self.chars.get(j).is_some_and(|&c| is_key_char(c)) {
            j += 1;
        }
        if j == start {
            return false;
        }
        while self.chars.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        self.chars.get(j) == Some(&'=')
    }

    /// A quoted or unquoted value, ending before one of `stops` (or the end).
    fn scalar(&mut self, stops: &[char]) -> Result<Value, Ec2Error> {
        self.skip_ws();
        if let Some(quote @ ('\'' | '"')) = self.peek() {
            self.i += 1;
            let mut s = String::new();
            loop {
                match self.peek() {
                    None => return self.error(&format!("unterminated {quote} quote")),
                    Some('\\') if matches!(self.chars.get(self.i + 1), Some(&c) if c == quote || c == '\\') =>
                    {
                        s.extend(self.chars.get(self.i + 1));
                        self.i += 2;
                    }
                    Some(c) if c == quote => {
                        self.i += 1;
                        break;
                    }
                    Some(c) => {
                        s.push(c);
                        self.i += 1;
                    }
                }
            }
            self.skip_ws();
            return Ok(Value::String(s));
        }
        let start = self.i;
        while self.peek().is_some_and(|c| !stops.contains(&c)) {
            self.i += 1;
        }
        let s: String = self.chars[start..self.i].iter().collect();
        Ok(Value::String(s.trim_end().to_string()))
    }
}

fn type_error(flag: &str, key: &str, value: &Value, expected: &str) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::InvalidParameterValue,
        format!("Invalid value for parameter --{flag} member {key}: {value} is not {expected}"),
    )
}

/// A member as a string: a JSON or shorthand string, or a JSON number or boolean.
pub fn to_string(flag: &str, key: &str, value: &Value) -> Result<String, Ec2Error> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(type_error(flag, key, other, "a string")),
    }
}

/// A member as an unsigned integer: a JSON number, or a shorthand string of digits.
pub fn to_u32(flag: &str, key: &str, value: &Value) -> Result<u32, Ec2Error> {
    let parsed = match value {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse::<u32>().ok(),
        _ => None,
    };
    parsed.ok_or_else(|| type_error(flag, key, value, "a non-negative integer"))
}

/// A member as a boolean: a JSON boolean, or `true` / `false` in any case, as the CLI
/// converts shorthand.
pub fn to_bool(flag: &str, key: &str, value: &Value) -> Result<bool, Ec2Error> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(type_error(flag, key, other, "true or false")),
    }
}

/// A member as a list of strings: a list, or a single value taken as a list of one.
pub fn to_string_list(flag: &str, key: &str, value: &Value) -> Result<Vec<String>, Ec2Error> {
    match value {
        Value::Array(items) => items.iter().map(|v| to_string(flag, key, v)).collect(),
        single => Ok(vec![to_string(flag, key, single)?]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        parse_structure("x", text, &[]).expect("parses")
    }

    #[test]
    fn one_shorthand_value_is_one_structure() {
        assert_eq!(
            parse("DeviceIndex=0,SubnetId=subnet-1"),
            json!({"DeviceIndex": "0", "SubnetId": "subnet-1"})
        );
    }

    #[test]
    fn several_values_make_a_list_of_structures() {
        let values = vec![
            "DeviceIndex=0,SubnetId=s".to_string(),
            "DeviceIndex=1,SubnetId=s".to_string(),
        ];
        assert_eq!(
            parse_structure_list("network-interfaces", &values, &[]).expect("parses"),
            vec![
                json!({"DeviceIndex": "0", "SubnetId": "s"}),
                json!({"DeviceIndex": "1", "SubnetId": "s"})
            ]
        );
    }

    #[test]
    fn filters_shorthand_values_continue_after_commas() {
        assert_eq!(
            parse("Name=vpc-id,Values=vpc-1,vpc-2"),
            json!({"Name": "vpc-id", "Values": ["vpc-1", "vpc-2"]})
        );
        assert_eq!(
            parse("Values=a,b,Name=n"),
            json!({"Name": "n", "Values": ["a", "b"]})
        );
    }

    #[test]
    fn list_members_wrap_a_single_value() {
        assert_eq!(
            parse_structure("filters", "Name=vpc-id,Values=vpc-1", &["Values"]).expect("parses"),
            json!({"Name": "vpc-id", "Values": ["vpc-1"]})
        );
    }

    #[test]
    fn bracket_lists_and_nested_structures() {
        assert_eq!(
            parse("Key=[a,b],Empty=[],Ebs={VolumeSize=8,DeleteOnTermination=true}"),
            json!({"Key": ["a", "b"], "Empty": [], "Ebs": {"VolumeSize": "8", "DeleteOnTermination": "true"}})
        );
        assert_eq!(
            parse("L=[{A=1},{A=2}]"),
            json!({"L": [{"A": "1"}, {"A": "2"}]})
        );
    }

    #[test]
    fn quoted_values_keep_commas_and_equals() {
        assert_eq!(
            parse(r#"Message="a,b=c",Signature='it\'s', Empty="#),
            json!({"Message": "a,b=c", "Signature": "it's", "Empty": ""})
        );
    }

    #[test]
    fn unquoted_first_value_may_contain_equals() {
        assert_eq!(
            parse("Signature=abc==,M=m"),
            json!({"Signature": "abc==", "M": "m"})
        );
    }

    #[test]
    fn json_form_keeps_its_types() {
        let values = vec![
            r#"[{"DeviceIndex":0,"SubnetId":"subnet-1","AssociatePublicIpAddress":true}]"#
                .to_string(),
        ];
        assert_eq!(
            parse_structure_list("network-interfaces", &values, &[]).expect("parses"),
            vec![
                json!({"DeviceIndex": 0, "SubnetId": "subnet-1", "AssociatePublicIpAddress": true})
            ]
        );
    }

    #[test]
    fn malformed_shorthand_names_the_flag_and_position() {
        let e = parse_structure("filters", "Name", &[]).expect_err("no '='");
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert!(e.message.contains("'--filters'"), "{}", e.message);
        assert!(e.message.contains("position 5"), "{}", e.message);
        let e = parse_structure("x", "A={B=1", &[]).expect_err("unclosed");
        assert!(e.message.contains("expected '}'"), "{}", e.message);
        let e = parse_structure("x", "A='b", &[]).expect_err("unterminated");
        assert!(e.message.contains("unterminated"), "{}", e.message);
    }

    #[test]
    fn malformed_json_is_an_invalid_parameter_value() {
        let e = parse_structure("network-interfaces", "[{\"a\":", &[]).expect_err("bad json");
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert!(e.message.contains("Invalid JSON"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("A={}", "{A=".repeat(100_000));
        assert!(parse_structure("x", &text, &[]).is_err());
        let text = format!("A={}", "[".repeat(100_000));
        assert!(parse_structure("x", &text, &[]).is_err());
    }

    #[test]
    fn typed_member_conversions() {
        assert_eq!(to_u32("x", "DeviceIndex", &json!("1")), Ok(1));
        assert_eq!(to_u32("x", "DeviceIndex", &json!(2)), Ok(2));
        let e =
            to_u32("network-interfaces", "DeviceIndex", &json!("one")).expect_err("not a number");
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert!(e.message.contains("DeviceIndex"));
        assert_eq!(to_bool("x", "B", &json!("True")), Ok(true));
        assert_eq!(
            to_string_list("x", "Values", &json!("a")),
            Ok(vec!["a".to_string()])
        );
    }
}
