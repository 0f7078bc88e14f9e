//! `--filters Name=...,Values=...` matching for every describe operation, with EC2's wildcards.

use crate::error::{Ec2Error, ErrorCode};

/// One `Name=...,Values=...` filter. A resource matches when every filter has at least one
/// value equal to (or, with `*` and `?` wildcards, matching) one of the resource's values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

impl Filter {
    pub fn new(name: &str, values: &[&str]) -> Self {
        Filter {
            name: name.to_string(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }
}

/// Applies `filters` to one resource. `values_of(name)` gives the resource's values for a
/// filter name, or `None` when the describe operation has no such filter, which EC2 refuses.
pub fn matches(
    filters: &[Filter],
    values_of: impl Fn(&str) -> Option<Vec<String>>,
) -> Result<bool, Ec2Error> {
    for filter in filters {
        let Some(actual) = values_of(&filter.name) else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("The filter '{}' is invalid", filter.name),
            ));
        };
        let hit = filter
            .values
            .iter()
            .any(|wanted| actual.iter().any(|value| wildcard_match(wanted, value)));
        if !hit {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `*` matches any run of characters, `?` exactly one, as EC2 filter values do.
fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A boolean as EC2 filter values spell it.
pub fn flag(value: bool) -> Vec<String> {
    vec![value.to_string()]
}

/// One value, for filters whose resource has exactly one.
pub fn one(value: impl ToString) -> Vec<String> {
    vec![value.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_ec2_filters() {
        assert!(wildcard_match("us-east-1*", "us-east-1a"));
        assert!(wildcard_match("10.0.?.5", "10.0.1.5"));
        assert!(!wildcard_match("10.0.?.5", "10.0.12.5"));
        assert!(wildcard_match("*", ""));
    }

    #[test]
    fn an_unknown_filter_name_is_refused() {
        let err = matches(&[Filter::new("colour", &["red"])], |_| None).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterValue);
    }

    #[test]
    fn every_filter_must_match_one_of_its_values() {
        let lookup = |name: &str| match name {
            "vpc-id" => Some(one("vpc-1")),
            "state" => Some(one("available")),
            _ => None,
        };
        let both = [
            Filter::new("vpc-id", &["vpc-2", "vpc-1"]),
            Filter::new("state", &["available"]),
        ];
        assert!(matches(&both, lookup).unwrap());
        assert!(!matches(&[Filter::new("vpc-id", &["vpc-2"])], lookup).unwrap());
    }
}
