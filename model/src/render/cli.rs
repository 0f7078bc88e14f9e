//! A parsed step back as its canonical AWS CLI line: `aws ec2 OPERATION ARGS...`, quoting
//! for bash only what needs it, with captures and `$VAR` references kept as written.
//!
//! The rendering is exact: parsing the line gives back the same step (apart from its line
//! number). Words are rendered part by part: a reference written inside `"..."` stays
//! inside double quotes (so bash does not split it), one written bare stays bare, and
//! literal text is left bare when it is plain (`subnet-0abc`, `10.0.0.0/16`) and quoted
//! otherwise.

use crate::script::{Command, Part, Removal, Step, Word};

/// The step as one line of AWS CLI shell script.
pub fn cli_line(step: &Step) -> String {
    let command = match &step.command {
        Command::Aws { operation, args } => command_text(&["aws", "ec2", operation], args),
        Command::Wait { waiter, args } => command_text(&["aws", "ec2", "wait", waiter], args),
        Command::Netlab { operation, args } => command_text(&["netlab", operation], args),
        Command::Assign { name, value } => return format!("{name}={}", assigned_word(value)),
    };
    match &step.capture {
        Some(name) => format!("{name}=$({command})"),
        None => command,
    }
}

fn command_text(head: &[&str], args: &[Word]) -> String {
    let mut out: Vec<String> = head.iter().map(|w| literal_text(w)).collect();
    out.extend(args.iter().map(shell_word));
    out.join(" ")
}

/// The value of `NAME=value`: an empty word is written as nothing at all.
fn assigned_word(word: &Word) -> String {
    if word.parts.is_empty() {
        String::new()
    } else {
        shell_word(word)
    }
}

/// Characters bash (and the script language) read as themselves outside quotes.
fn is_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.' | '/' | ':' | ',' | '=' | '@' | '+' | '%')
}

/// One argument as bash text that the script language reads back as the same [`Word`].
pub fn shell_word(word: &Word) -> String {
    if word.parts.is_empty() {
        return "''".to_string();
    }
    let has_quoted_var = word
        .parts
        .iter()
        .any(|p| matches!(p, Part::Var { quoted: true, .. }));
    let has_bare_var = word
        .parts
        .iter()
        .any(|p| matches!(p, Part::Var { quoted: false, .. }));
    if has_quoted_var && !has_bare_var {
        // One double-quoted string: `"IpProtocol=-1,UserIdGroupPairs=[{GroupId=${SG}}]"`.
        let mut out = String::from("\"");
        for part in &word.parts {
            match part {
                Part::Literal(text) => out.push_str(&double_quoted_text(text)),
                Part::Var { name, removal, .. } => out.push_str(&reference(name, removal)),
            }
        }
        out.push('"');
        return out;
    }
    let mut out = String::new();
    for part in &word.parts {
        match part {
            Part::Literal(text) => out.push_str(&literal_text(text)),
            Part::Var {
                name,
                removal,
                quoted: true,
            } => {
                out.push('"');
                out.push_str(&reference(name, removal));
                out.push('"');
            }
            Part::Var {
                name,
                removal,
                quoted: false,
            } => out.push_str(&reference(name, removal)),
        }
    }
    out
}

/// Literal text outside double quotes: bare when plain, else single-quoted (or
/// double-quoted when it holds a single quote).
fn literal_text(text: &str) -> String {
    if text.is_empty() {
        return "''".to_string();
    }
    if text.chars().all(is_plain) {
        return text.to_string();
    }
    if !text.contains('\'') {
        return format!("'{text}'");
    }
    format!("\"{}\"", double_quoted_text(text))
}

/// Text inside `"..."`: a backslash before `\`, `"`, `$` and `` ` ``, as bash reads it.
fn double_quoted_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `${NAME}`, `${NAME%suffix}` or `${NAME#prefix}` (doubled when the pattern starts with
/// the operator, so that it is not read as the `%%` / `##` form).
fn reference(name: &str, removal: &Option<Box<Removal>>) -> String {
    match removal.as_deref() {
        None => format!("${{{name}}}"),
        Some(Removal::Suffix(p)) if p.starts_with('%') => format!("${{{name}%%{p}}}"),
        Some(Removal::Suffix(p)) => format!("${{{name}%{p}}}"),
        Some(Removal::Prefix(p)) if p.starts_with('#') => format!("${{{name}##{p}}}"),
        Some(Removal::Prefix(p)) => format!("${{{name}#{p}}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::parse;

    /// Parses `text`, renders each step, and checks that the rendering parses back to it.
    fn round_trip(text: &str) -> Vec<String> {
        let script = match parse(text) {
            Ok(s) => s,
            Err(e) => panic!("{text:?} should parse: {e}"),
        };
        let mut lines = Vec::new();
        for step in &script.steps {
            let line = cli_line(step);
            let mut again = match parse(&line) {
                Ok(s) => s,
                Err(e) => panic!("rendering {line:?} of {text:?} does not parse: {e}"),
            };
            assert_eq!(again.steps.len(), 1, "{line:?}");
            let mut back = again.steps.remove(0);
            back.line = step.line;
            assert_eq!(&back, step, "rendered as {line:?}");
            lines.push(line);
        }
        lines
    }

    #[test]
    fn cli_line_round_trips_through_the_parser() {
        let corpus = [
            "aws ec2 attach-network-interface --network-interface-id eni-0123456789abcdef0 --instance-id i-0123456789abcdef0 --device-index 1",
            "ENI=$(aws ec2 create-network-interface --subnet-id $SUBNET --query NetworkInterface.NetworkInterfaceId --output text)",
            "I=$(aws ec2 run-instances --image-id ami-1 --query 'Instances[0].InstanceId' --output text)",
            "aws --region us-west-2 ec2 describe-vpcs --no-cli-pager",
            "aws ec2 create-network-interface --subnet-id \"$S\" --description 'web server, eth1' --groups sg-1 sg-2",
            "aws ec2 run-instances --image-id ami-1 --network-interfaces DeviceIndex=0,SubnetId=$S DeviceIndex=1,SubnetId=$S",
            "aws ec2 run-instances --image-id ami-1 --network-interfaces '[{\"DeviceIndex\":0,\"SubnetId\":\"subnet-1\"}]'",
            "aws ec2 create-subnet --vpc-id $V --cidr-block 10.0.1.0/24 --ipv6-cidr-block \"${V6%::/56}::/64\"",
            "aws ec2 create-subnet --vpc-id $V --ipv6-cidr-block \"${V6%%::/56}01::/64\" --cidr-block 10.0.2.0/24",
            "X=${ID#eni-}",
            "EMPTY=",
            "Q=''",
            "Z=\"\"$X",
            "D=\"it's \\\"quoted\\\" \\$1 \\\\ back\"",
            "aws ec2 authorize-security-group-ingress --group-id $SG --ip-permissions \"IpProtocol=-1,UserIdGroupPairs=[{GroupId=$SG}]\"",
            "aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query Reservations[].Instances[].InstanceId",
            "aws ec2 modify-network-interface-attribute --network-interface-id $E --no-source-dest-check",
            "aws ec2 stop-instances --instance-ids $I --hibernate",
            "aws ec2 wait instance-running --instance-ids $I",
            "netlab advance-time --hours 168",
            "netlab send-traffic --to $IP --port 443 --protocol tcp",
            "aws ec2 x --v '# not a comment' \"#\" --w a#b",
            "aws ec2 x --v 'two\nlines' --e ''",
            "aws ec2 x --v ${A}${B}c\"$D\"'e f'",
            "aws ec2 x --pattern \"${P%%%x}\" \"${P###y}\"",
        ];
        for text in corpus {
            round_trip(text);
        }
    }

    #[test]
    fn every_lesson_scenario_round_trips_through_the_parser() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                round_trip(&text);
            }
        }
    }

    #[test]
    fn plain_values_stay_bare_and_others_are_quoted() {
        let lines = round_trip(
            "aws ec2 create-network-interface --subnet-id $S --description \"web server\" --private-ip-address 10.0.0.5",
        );
        assert_eq!(
            lines,
            ["aws ec2 create-network-interface --subnet-id ${S} --description 'web server' --private-ip-address 10.0.0.5"]
        );
    }

    #[test]
    fn a_capture_keeps_its_variable_and_query() {
        let lines = round_trip(
            "ENI=$(aws ec2 create-network-interface --subnet-id \"$SUBNET\" --query NetworkInterface.NetworkInterfaceId --output text)",
        );
        assert_eq!(
            lines,
            ["ENI=$(aws ec2 create-network-interface --subnet-id \"${SUBNET}\" --query NetworkInterface.NetworkInterfaceId --output text)"]
        );
    }

    #[test]
    fn global_options_before_the_operation_move_after_it() {
        let lines = round_trip("aws --region us-west-2 ec2 describe-vpcs");
        assert_eq!(lines, ["aws ec2 describe-vpcs --region us-west-2"]);
    }
}
