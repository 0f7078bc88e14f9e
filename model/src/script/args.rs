//! Arguments: a step's expanded argument list read as the AWS CLI reads it, with its client-side errors.
//!
//! The AWS CLI parses options with Python's argparse: `--flag value`, `--flag=value`,
//! list flags taking every following value up to the next `--flag`
//! (`--instance-ids i-1 i-2`), and boolean pairs `--flag` / `--no-flag`. The global
//! options `--region`, `--output`, `--query`, `--no-cli-pager` and `--dry-run` /
//! `--no-dry-run` may appear anywhere. A flag given twice keeps its last value, as
//! argparse does. An operation takes its flags with the typed getters below, then calls
//! [`Args::finish`], which reports every flag it did not take (`Unknown options:`).

use std::borrow::Cow;

use serde_json::Value;

use super::query::{self, OutputFormat, Query};
use super::shorthand;
use super::small_list::SmallList;
use crate::error::{Ec2Error, ErrorCode};
use crate::response::Response;

/// The region a step runs in when it names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The AWS CLI global options of one step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GlobalOptions {
    /// `--region`; `None` means [`DEFAULT_REGION`].
    pub region: Option<String>,
    /// `--query PATH`.
    pub query: Option<Query>,
    /// `--output json|text`; `None` means JSON.
    pub output: Option<OutputFormat>,
    /// `--dry-run` (EC2 answers `DryRunOperation` instead of acting).
    pub dry_run: bool,
}

impl GlobalOptions {
    /// The step's region.
    pub fn region(&self) -> &str {
        self.region.as_deref().unwrap_or(DEFAULT_REGION)
    }

    /// What the AWS CLI prints for `response` under these options: `--query` applied,
    /// then rendered as `--output` says (JSON by default).
    pub fn printed(&self, response: &Response) -> String {
        query::render(&self.selected(response), self.output.unwrap_or_default())
    }

    /// What a capture `NAME=$(...)` of the step stores: what it prints less its
    /// trailing newlines ([`query::captured`]). A string printed
    /// as text is itself and a newline, so it is stored as it was selected, not copied.
    pub fn captured(&self, response: &Response) -> String {
        match (self.selected(response), self.output.unwrap_or_default()) {
            (Value::String(text), OutputFormat::Text) => query::captured(text),
            (selected, format) => query::captured(query::render(&selected, format)),
        }
    }

    /// The part of `response` that `--query` selects (all of it without one).
    fn selected(&self, response: &Response) -> Value {
        match &self.query {
            Some(q) => q.apply_json(response.json()),
            None => response.value(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Flag<'a> {
    name: Cow<'a, str>,
    values: SmallList<Cow<'a, str>>,
    /// Written as `--name=value` (then it takes exactly that one value).
    taken: bool,
}

/// A step's operation arguments, read flag by flag. Names and values are borrowed from
/// the script's words where expansion left them as they were written, and copied only
/// when an operation takes a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args<'a> {
    flags: Vec<Flag<'a>>,
    pub globals: GlobalOptions,
}

/// A decimal number that is finite: what a flag such as `--hours` can mean.
struct FiniteNumber(f64);

impl std::str::FromStr for FiniteNumber {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(FiniteNumber(v)),
            _ => Err(()),
        }
    }
}

fn unknown(tokens: &[&str]) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::UnknownParameter,
        format!("Unknown options: {}", tokens.join(", ")),
    )
}

fn invalid(message: String) -> Ec2Error {
    Ec2Error::new(ErrorCode::InvalidParameterValue, message)
}

/// Whether flag name `name` is `no-FLAG`, the negation of boolean flag `flag`.
fn is_negation(name: &str, flag: &str) -> bool {
    name.strip_prefix("no-") == Some(flag)
}

/// The EC2 API name of a flag: `--network-interface-id` → `NetworkInterfaceId`.
fn api_name(flag: &str) -> String {
    flag.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// `text[start..end]` (on character boundaries), borrowed where `text` is.
fn part<'a>(text: &Cow<'a, str>, start: usize, end: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.get(start..end).unwrap_or("")),
        Cow::Owned(s) => Cow::Owned(s.get(start..end).unwrap_or("").to_string()),
    }
}

/// The values as text, for a message.
fn texts<'v, 'a: 'v>(values: impl Iterator<Item = &'v Cow<'a, str>>) -> Vec<&'v str> {
    values.map(|v| &**v).collect()
}

impl<'a> Args<'a> {
    /// Reads an expanded argument list (see [`expand_args`](super::expand_args)) into
    /// flags, and takes the global options out of it.
    ///
    /// Values before the first flag, and extra values after `--flag=value`, are
    /// `UnknownParameter` as in the CLI; a malformed `--query` or `--output` is
    /// `InvalidParameterValue`.
    pub fn parse<S: Into<Cow<'a, str>>>(
        args: impl IntoIterator<Item = S, IntoIter: ExactSizeIterator>,
    ) -> Result<Args<'a>, Ec2Error> {
        Args::parse_with(args, Query::parse)
    }

    /// [`Args::parse`], with `--query` parsed by `parse_query` (a runner's
    /// [`Queries`](super::query::Queries), which parses a path repeated from step to
    /// step once).
    pub fn parse_with<S: Into<Cow<'a, str>>>(
        args: impl IntoIterator<Item = S, IntoIter: ExactSizeIterator>,
        parse_query: impl FnOnce(&str) -> Result<Query, Ec2Error>,
    ) -> Result<Args<'a>, Ec2Error> {
        let args = args.into_iter();
        // At most one flag per argument; most flags have one value.
        let mut flags: Vec<Flag<'a>> = Vec::with_capacity(args.len());
        for arg in args {
            let arg = arg.into();
            if arg.len() > 2 && arg.starts_with("--") {
                let flag = match arg.find('=') {
                    Some(eq) => Flag {
                        name: part(&arg, 2, eq),
                        values: SmallList::one(part(&arg, eq + 1, arg.len())),
                        taken: true,
                    },
                    None => Flag {
                        name: part(&arg, 2, arg.len()),
                        values: SmallList::default(),
                        taken: false,
                    },
                };
                flags.push(flag);
            } else {
                match flags.last_mut() {
                    Some(flag) if !flag.taken => flag.values.push(arg),
                    _ => return Err(unknown(&[&arg])),
                }
            }
        }
        // The global options, taken out in one pass: each one's last occurrence.
        let mut found: [Option<SmallList<Cow<'a, str>>>; GLOBAL_FLAGS.len()] = Default::default();
        flags.retain_mut(|f| match GLOBAL_FLAGS.iter().position(|g| *g == f.name) {
            Some(i) => {
                found[i] = Some(std::mem::take(&mut f.values));
                false
            }
            None => true,
        });
        let [region, query, output, dry_run, no_dry_run, no_cli_pager] = found;
        let mut globals = GlobalOptions {
            region: single("region", region)?,
            ..GlobalOptions::default()
        };
        if let Some(path) = single_value("query", query)? {
            globals.query = Some(parse_query(&path)?);
        }
        if let Some(format) = single_value("output", output)? {
            globals.output = Some(OutputFormat::parse(&format)?);
        }
        globals.dry_run = boolean("dry-run", dry_run, no_dry_run)?.unwrap_or(false);
        if let Some(values) = no_cli_pager {
            if !values.is_empty() {
                return Err(unknown(&texts(values.iter())));
            }
        }
        Ok(Args { flags, globals })
    }

    /// Whether `--flag` (or `--no-flag`) was given.
    pub fn has(&self, flag: &str) -> bool {
        self.flags
            .iter()
            .any(|f| f.name == flag || is_negation(&f.name, flag))
    }

    /// Takes every occurrence of `--flag` and returns the values of the last one.
    fn take(&mut self, flag: &str) -> Option<SmallList<Cow<'a, str>>> {
        self.take_where(|name| name == flag)
    }

    /// Takes every flag whose name `wanted` accepts and returns the values of the last one.
    fn take_where(&mut self, wanted: impl Fn(&str) -> bool) -> Option<SmallList<Cow<'a, str>>> {
        let mut last = None;
        self.flags.retain_mut(|f| {
            if wanted(&f.name) {
                last = Some(std::mem::take(&mut f.values));
                false
            } else {
                true
            }
        });
        last
    }

    /// The single value of `--flag`, if given.
    pub fn optional_string(&mut self, flag: &str) -> Result<Option<String>, Ec2Error> {
        single(flag, self.take(flag))
    }

    /// The single value of `--flag`, which the operation requires (`MissingParameter`).
    pub fn required_string(&mut self, flag: &str) -> Result<String, Ec2Error> {
        self.optional_string(flag)?.ok_or_else(|| missing(flag))
    }

    /// The values of list flag `--flag` (`--groups sg-1 sg-2`); empty when not given.
    /// A single value that is a JSON list (`'["sg-1","sg-2"]'`) is read as that list.
    pub fn list(&mut self, flag: &str) -> Result<Vec<String>, Ec2Error> {
        let Some(values) = self.take(flag) else {
            return Ok(Vec::new());
        };
        match &values[..] {
            [] => Err(invalid(format!(
                "argument --{flag}: expected at least one argument"
            ))),
            [one] if one.trim_start().starts_with('[') => {
                let parsed: Value = serde_json::from_str(one).map_err(|e| {
                    invalid(format!(
                        "Error parsing parameter '--{flag}': Invalid JSON: {e}"
                    ))
                })?;
                shorthand::to_string_list(flag, flag, &parsed)
            }
            _ => Ok(values.into_vec().into_iter().map(Cow::into_owned).collect()),
        }
    }

    /// The values of list flag `--flag`, which the operation requires.
    pub fn required_list(&mut self, flag: &str) -> Result<Vec<String>, Ec2Error> {
        if !self.has(flag) {
            return Err(missing(flag));
        }
        self.list(flag)
    }

    /// A boolean pair: `Some(true)` for `--flag`, `Some(false)` for `--no-flag`, `None`
    /// for neither; both is `InvalidParameterCombination`, a value after either is
    /// `UnknownParameter` (the CLI's boolean flags take no value).
    pub fn bool_flag(&mut self, flag: &str) -> Result<Option<bool>, Ec2Error> {
        let yes = self.take(flag);
        let no = self.take_where(|name| is_negation(name, flag));
        boolean(flag, yes, no)
    }

    /// A number flag (`--device-index 1`); a value that is not a non-negative integer
    /// is `InvalidParameterValue` naming the flag and the value.
    pub fn optional_u32(&mut self, flag: &str) -> Result<Option<u32>, Ec2Error> {
        self.optional_number(flag, "a non-negative integer")
    }

    /// A number flag the operation requires.
    pub fn required_u32(&mut self, flag: &str) -> Result<u32, Ec2Error> {
        self.optional_u32(flag)?.ok_or_else(|| missing(flag))
    }

    /// A decimal number flag (`netlab advance-time --hours 1.5`); `inf` and `NaN` are not
    /// numbers here.
    pub fn optional_f64(&mut self, flag: &str) -> Result<Option<f64>, Ec2Error> {
        Ok(self
            .optional_number::<FiniteNumber>(flag, "a number")?
            .map(|FiniteNumber(v)| v))
    }

    fn optional_number<T: std::str::FromStr>(
        &mut self,
        flag: &str,
        expected: &str,
    ) -> Result<Option<T>, Ec2Error> {
        let Some(text) = self.optional_string(flag)? else {
            return Ok(None);
        };
        text.trim().parse::<T>().map(Some).map_err(|_| {
            invalid(format!(
                "Invalid value for parameter --{flag}: '{text}' is not {expected}"
            ))
        })
    }

    /// A structure flag given once (`--cidr-authorization-context Message=m,Signature=s`),
    /// in shorthand or JSON; see [`shorthand::parse_structure`].
    pub fn structure(
        &mut self,
        flag: &str,
        list_members: &[&str],
    ) -> Result<Option<Value>, Ec2Error> {
        match self.optional_string(flag)? {
            Some(text) => shorthand::parse_structure(flag, &text, list_members).map(Some),
            None => Ok(None),
        }
    }

    /// A list-of-structures flag (`--network-interfaces A=1 A=2`, `--filters ...`);
    /// empty when not given. See [`shorthand::parse_structure_list`].
    pub fn structure_list(
        &mut self,
        flag: &str,
        list_members: &[&str],
    ) -> Result<Vec<Value>, Ec2Error> {
        let Some(values) = self.take(flag) else {
            return Ok(Vec::new());
        };
        if values.is_empty() {
            return Err(invalid(format!(
                "argument --{flag}: expected at least one argument"
            )));
        }
        shorthand::parse_structure_list(flag, &values, list_members)
    }

    /// Ends reading: every flag not taken is `UnknownParameter`, listed with its values
    /// as the CLI lists them (`Unknown options: --foo, bar`).
    pub fn finish(self) -> Result<(), Ec2Error> {
        if self.flags.is_empty() {
            return Ok(());
        }
        let mut tokens = Vec::new();
        for flag in &self.flags {
            tokens.push(format!("--{}", flag.name));
            tokens.extend(flag.values.iter().map(|v| v.to_string()));
        }
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        Err(unknown(&tokens))
    }
}

/// The global options [`Args::parse`] takes out, in the order their values are read:
/// `--region`, `--query`, `--output`, `--dry-run`, `--no-dry-run`, `--no-cli-pager`.
const GLOBAL_FLAGS: [&str; 6] = [
    "region",
    "query",
    "output",
    "dry-run",
    "no-dry-run",
    "no-cli-pager",
];

/// The single value of `--flag` from the values of its last occurrence, if given.
fn single(flag: &str, values: Option<SmallList<Cow<'_, str>>>) -> Result<Option<String>, Ec2Error> {
    Ok(single_value(flag, values)?.map(Cow::into_owned))
}

/// [`single`]'s value as it was expanded (borrowed from the script where it was).
fn single_value<'a>(
    flag: &str,
    values: Option<SmallList<Cow<'a, str>>>,
) -> Result<Option<Cow<'a, str>>, Ec2Error> {
    let Some(mut values) = values else {
        return Ok(None);
    };
    match values.len() {
        0 => Err(invalid(format!("argument --{flag}: expected one argument"))),
        1 => Ok(values.pop_front()),
        _ => Err(unknown(&texts(values.iter().skip(1)))),
    }
}

/// A boolean pair from the values of the last `--flag` and the last `--no-flag` (see
/// [`Args::bool_flag`]).
fn boolean(
    flag: &str,
    yes: Option<SmallList<Cow<'_, str>>>,
    no: Option<SmallList<Cow<'_, str>>>,
) -> Result<Option<bool>, Ec2Error> {
    for values in [&yes, &no].into_iter().flatten() {
        if !values.is_empty() {
            return Err(unknown(&texts(values.iter())));
        }
    }
    match (yes, no) {
        (Some(_), Some(_)) => Err(Ec2Error::new(
            ErrorCode::InvalidParameterCombination,
            format!("--{flag} and --no-{flag} cannot be used together"),
        )),
        (Some(_), None) => Ok(Some(true)),
        (None, Some(_)) => Ok(Some(false)),
        (None, None) => Ok(None),
    }
}

/// `MissingParameter` in EC2's words, naming the API parameter and the CLI flag.
fn missing(flag: &str) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::MissingParameter,
        format!(
            "The request must contain the parameter {} (--{flag})",
            api_name(flag)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Result<Args<'_>, Ec2Error> {
        let words: Vec<&str> = line.split_whitespace().collect();
        Args::parse(words)
    }

    #[test]
    fn a_flag_takes_its_value_and_list_flags_take_all_values() {
        let mut a = args("--subnet-id subnet-1 --groups sg-1 sg-2 --instance-ids i-1").expect("ok");
        assert_eq!(a.required_string("subnet-id"), Ok("subnet-1".to_string()));
        assert_eq!(
            a.list("groups"),
            Ok(vec!["sg-1".to_string(), "sg-2".to_string()])
        );
        assert_eq!(a.list("instance-ids"), Ok(vec!["i-1".to_string()]));
        assert_eq!(a.finish(), Ok(()));
    }

    #[test]
    fn equals_form_gives_one_value() {
        let mut a = args("--vpc-id=vpc-1").expect("ok");
        assert_eq!(a.required_string("vpc-id"), Ok("vpc-1".to_string()));
        let e = args("--instance-ids=i-1 i-2").expect_err("extra value");
        assert_eq!(e.code, ErrorCode::UnknownParameter);
        assert_eq!(e.message, "Unknown options: i-2");
    }

    #[test]
    fn missing_required_flag_names_the_api_parameter() {
        let mut a = args("").expect("ok");
        let e = a
            .required_string("network-interface-id")
            .expect_err("missing");
        assert_eq!(e.code, ErrorCode::MissingParameter);
        assert_eq!(
            e.message,
            "The request must contain the parameter NetworkInterfaceId (--network-interface-id)"
        );
    }

    #[test]
    fn a_scalar_flag_with_two_values_reports_the_extra_one() {
        let mut a = args("--vpc-id vpc-1 vpc-2").expect("ok");
        let e = a.required_string("vpc-id").expect_err("two values");
        assert_eq!(e.code, ErrorCode::UnknownParameter);
        assert_eq!(e.message, "Unknown options: vpc-2");
    }

    #[test]
    fn a_flag_without_its_value_is_invalid() {
        let mut a = args("--vpc-id --dry-run").expect("ok");
        assert!(a.globals.dry_run);
        let e = a.required_string("vpc-id").expect_err("no value");
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    }

    #[test]
    fn boolean_pairs_read_yes_no_and_absent() {
        let mut a = args("--associate-public-ip-address --no-source-dest-check").expect("ok");
        assert_eq!(a.bool_flag("associate-public-ip-address"), Ok(Some(true)));
        assert_eq!(a.bool_flag("source-dest-check"), Ok(Some(false)));
        assert_eq!(a.bool_flag("allow-reassociation"), Ok(None));
    }

    #[test]
    fn both_forms_of_a_boolean_are_an_invalid_combination() {
        let mut a =
            args("--associate-public-ip-address --no-associate-public-ip-address").expect("ok");
        let e = a
            .bool_flag("associate-public-ip-address")
            .expect_err("both");
        assert_eq!(e.code, ErrorCode::InvalidParameterCombination);
    }

    #[test]
    fn a_boolean_with_a_value_is_an_unknown_option() {
        let mut a = args("--allow-reassociation true").expect("ok");
        let e = a.bool_flag("allow-reassociation").expect_err("value");
        assert_eq!(e.code, ErrorCode::UnknownParameter);
        assert_eq!(e.message, "Unknown options: true");
    }

    #[test]
    fn numbers_are_checked_and_named() {
        let mut a = args("--device-index one --hours 1.5").expect("ok");
        let e = a.optional_u32("device-index").expect_err("nan");
        assert_eq!(e.code, ErrorCode::InvalidParameterValue);
        assert!(
            e.message.contains("--device-index") && e.message.contains("'one'"),
            "{}",
            e.message
        );
        assert_eq!(a.optional_f64("hours"), Ok(Some(1.5)));
        let mut a = args("--secondary-private-ip-address-count -1").expect("ok");
        assert!(a
            .optional_u32("secondary-private-ip-address-count")
            .is_err());
        for text in ["inf", "NaN", "-infinity"] {
            let line = format!("--hours {text}");
            let mut a = args(&line).expect("ok");
            let e = a.optional_f64("hours").expect_err("not finite");
            assert_eq!(e.code, ErrorCode::InvalidParameterValue);
            assert!(e.message.contains(&format!("'{text}'")), "{}", e.message);
        }
    }

    #[test]
    fn unconsumed_flags_are_unknown_options() {
        let mut a = args("--vpc-id vpc-1 --colour blue --shiny").expect("ok");
        a.required_string("vpc-id").expect("vpc");
        let e = a.finish().expect_err("unknown");
        assert_eq!(e.code, ErrorCode::UnknownParameter);
        assert_eq!(e.message, "Unknown options: --colour, blue, --shiny");
    }

    #[test]
    fn values_before_any_flag_are_unknown_options() {
        let e = args("stray --vpc-id v").expect_err("positional");
        assert_eq!(e.code, ErrorCode::UnknownParameter);
        assert_eq!(e.message, "Unknown options: stray");
    }

    #[test]
    fn global_options_are_taken_anywhere() {
        let a =
            args("--vpc-id v --region us-west-2 --query Vpc.VpcId --output text --no-cli-pager")
                .expect("ok");
        assert_eq!(a.globals.region(), "us-west-2");
        assert_eq!(a.globals.output, Some(OutputFormat::Text));
        assert_eq!(
            a.globals.query.as_ref().map(Query::as_str),
            Some("Vpc.VpcId")
        );
        assert!(!a.globals.dry_run);
        assert_eq!(args("").expect("ok").globals.region(), DEFAULT_REGION);
        assert_eq!(
            args("--query Vpc[").map(|_| ()).map_err(|e| e.code),
            Err(ErrorCode::InvalidParameterValue)
        );
        assert_eq!(
            args("--output xml").map(|_| ()).map_err(|e| e.code),
            Err(ErrorCode::InvalidParameterValue)
        );
    }

    #[test]
    fn a_repeated_global_option_keeps_its_last_value_and_errors_come_in_order() {
        let a = args("--region eu-west-1 --vpc-id v --region us-west-2 --no-dry-run").expect("ok");
        assert_eq!(a.globals.region(), "us-west-2");
        assert!(!a.globals.dry_run);
        assert_eq!(a.flags.len(), 1);
        // `--region`'s error is reported before `--output`'s, wherever each is written.
        let e = args("--output xml --region a b").expect_err("two regions");
        assert_eq!(e.message, "Unknown options: b");
        let e = args("--dry-run --no-dry-run --no-cli-pager x").expect_err("both");
        assert_eq!(e.code, ErrorCode::InvalidParameterCombination);
        let e = args("--no-cli-pager x").expect_err("a value");
        assert_eq!(e.message, "Unknown options: x");
    }

    #[test]
    fn printed_output_applies_query_then_format() {
        let response =
            Response::of(&serde_json::json!({"NetworkInterface": {"NetworkInterfaceId": "eni-1"}}));
        let a = args("--query NetworkInterface.NetworkInterfaceId --output text").expect("ok");
        assert_eq!(a.globals.printed(&response), "eni-1\n");
        let a = args("--query NetworkInterface.NetworkInterfaceId").expect("ok");
        assert_eq!(a.globals.printed(&response), "\"eni-1\"\n");
        let a = args("--query Nope --output text").expect("ok");
        assert_eq!(a.globals.printed(&response), "None\n");
    }

    #[test]
    fn a_capture_stores_the_printed_output_less_its_trailing_newlines() {
        let response = Response::of(&serde_json::json!({"A": "a\n\n", "B": "b", "C": [1, 2]}));
        for line in [
            "--query A --output text",
            "--query B --output text",
            "--query C --output text",
            "--query Nope --output text",
            "--query B",
            "--output text",
            "",
        ] {
            let a = args(line).expect("ok");
            let printed = a.globals.printed(&response);
            assert_eq!(
                a.globals.captured(&response),
                query::captured(printed),
                "{line}"
            );
        }
    }

    #[test]
    fn repeated_flag_keeps_the_last_value() {
        let mut a = args("--vpc-id a --vpc-id b").expect("ok");
        assert_eq!(a.required_string("vpc-id"), Ok("b".to_string()));
        assert_eq!(a.finish(), Ok(()));
    }

    #[test]
    fn list_flag_accepts_a_json_list() {
        let mut a = Args::parse(vec![
            "--groups".to_string(),
            r#"["sg-1","sg-2"]"#.to_string(),
        ])
        .expect("ok");
        assert_eq!(
            a.list("groups"),
            Ok(vec!["sg-1".to_string(), "sg-2".to_string()])
        );
    }

    #[test]
    fn structure_flags_read_shorthand() {
        let mut a = args("--filters Name=vpc-id,Values=vpc-1,vpc-2 Name=state,Values=available --cidr-authorization-context Message=m,Signature=s")
            .expect("ok");
        let filters = a.structure_list("filters", &["Values"]).expect("filters");
        assert_eq!(filters.len(), 2);
        assert_eq!(filters[1]["Values"], serde_json::json!(["available"]));
        let ctx = a.structure("cidr-authorization-context", &[]).expect("ctx");
        assert_eq!(
            ctx,
            Some(serde_json::json!({"Message": "m", "Signature": "s"}))
        );
        assert_eq!(a.finish(), Ok(()));
    }
}
