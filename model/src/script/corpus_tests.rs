//! Tests of the script syntax: accepted scripts, a corpus of refused ones with the
//! position each is refused at, and hostile inputs that must neither panic nor hang.

use std::borrow::Cow;

use super::*;
use crate::error::ErrorCode;

fn ok(text: &str) -> Script {
    match parse(text) {
        Ok(script) => script,
        Err(e) => panic!("{text:?} should parse, got {e}"),
    }
}

fn one(text: &str) -> Step {
    let mut steps = ok(text).steps;
    assert_eq!(steps.len(), 1, "{text:?}");
    steps.remove(0)
}

fn vars(pairs: &[(&str, &str)]) -> Vars {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The expanded arguments of an `aws`/`wait`/`netlab` step.
fn args_of(step: &Step, v: &Vars) -> Vec<String> {
    match &step.command {
        Command::Aws { args, .. } | Command::Wait { args, .. } | Command::Netlab { args, .. } => {
            expand_args(args, v)
                .into_iter()
                .map(Cow::into_owned)
                .collect()
        }
        Command::Assign { .. } => panic!("not a command step"),
    }
}

fn operation(step: &Step) -> &str {
    match &step.command {
        Command::Aws { operation, .. } | Command::Netlab { operation, .. } => operation,
        Command::Wait { waiter, .. } => waiter,
        Command::Assign { name, .. } => name,
    }
}

#[test]
fn aws_ec2_step_has_operation_and_args() {
    let step = one("aws ec2 create-network-interface --subnet-id subnet-1 --groups sg-1 sg-2\n");
    assert_eq!(step.line, 1);
    assert_eq!(step.capture, None);
    assert_eq!(operation(&step), "create-network-interface");
    assert_eq!(
        args_of(&step, &vars(&[])),
        ["--subnet-id", "subnet-1", "--groups", "sg-1", "sg-2"]
    );
}

#[test]
fn continuation_joins_lines_and_step_keeps_its_first_line() {
    let script = ok("\n# make an interface\naws ec2 attach-network-interface \\\n  --network-interface-id eni-1 \\\n  --instance-id i-1 --device-index 1\naws ec2 describe-vpcs\n");
    assert_eq!(script.steps.len(), 2);
    assert_eq!(script.steps[0].line, 3);
    assert_eq!(
        args_of(&script.steps[0], &vars(&[])),
        [
            "--network-interface-id",
            "eni-1",
            "--instance-id",
            "i-1",
            "--device-index",
            "1"
        ]
    );
    assert_eq!(script.steps[1].line, 6);
}

#[test]
fn continuation_inside_a_word_joins_it() {
    let step = one("aws ec2 x --a b\\\nc");
    assert_eq!(args_of(&step, &vars(&[])), ["--a", "bc"]);
}

#[test]
fn windows_line_endings_are_line_breaks() {
    let script = ok("aws ec2 a --x 1 \\\r\n --y 2\r\naws ec2 b\r\n");
    assert_eq!(script.steps.len(), 2);
    assert_eq!(
        args_of(&script.steps[0], &vars(&[])),
        ["--x", "1", "--y", "2"]
    );
    assert_eq!(script.steps[1].line, 3);
}

#[test]
fn comments_start_at_line_start_or_after_whitespace() {
    let step =
        one("#!/bin/bash\n  # indented comment\naws ec2 x --tag a#b # trailing comment \\\n");
    assert_eq!(step.line, 3);
    assert_eq!(args_of(&step, &vars(&[])), ["--tag", "a#b"]);
    let step = one("aws ec2 x --v '# not a comment' \"#\"");
    assert_eq!(args_of(&step, &vars(&[])), ["--v", "# not a comment", "#"]);
}

#[test]
fn single_quotes_do_not_expand_variables() {
    let step = one("aws ec2 x --v '$S ${S} \\n \"'");
    assert_eq!(
        args_of(&step, &vars(&[("S", "subnet-1")])),
        ["--v", "$S ${S} \\n \""]
    );
}

#[test]
fn double_quotes_expand_variables_and_keep_spaces() {
    let step = one("aws ec2 x --description \"ENI for $NAME, cost \\$1 \\\"now\\\" \\n\"");
    assert_eq!(
        args_of(&step, &vars(&[("NAME", "web one")])),
        ["--description", "ENI for web one, cost $1 \"now\" \\n"]
    );
}

#[test]
fn backslash_outside_quotes_escapes_the_next_character() {
    let step = one("aws ec2 x --v a\\ b\\$c \\'");
    assert_eq!(args_of(&step, &vars(&[])), ["--v", "a b$c", "'"]);
}

#[test]
fn references_take_every_form() {
    let step = one("aws ec2 x --a $S --b ${S}x --c \"$S\"/ --d $S_ID $ --e \"$\"");
    let v = vars(&[("S", "s1"), ("S_ID", "s2")]);
    assert_eq!(
        args_of(&step, &v),
        ["--a", "s1", "--b", "s1x", "--c", "s1/", "--d", "s2", "$", "--e", "$"]
    );
}

#[test]
fn suffix_removal_derives_subnet_ipv6_block() {
    let step = one("aws ec2 create-subnet --vpc-id $VPC --ipv6-cidr-block \"${V6%::/56}::/64\"");
    let v = vars(&[("VPC", "vpc-1"), ("V6", "2600:1f18:abc:de00::/56")]);
    assert_eq!(
        args_of(&step, &v),
        [
            "--vpc-id",
            "vpc-1",
            "--ipv6-cidr-block",
            "2600:1f18:abc:de00::/64"
        ]
    );
}

#[test]
fn prefix_removal_and_doubled_operators_use_literal_patterns() {
    let step = one("aws ec2 x --a ${I#eni-} --b ${I##eni-} --c ${I%%1}");
    let v = vars(&[("I", "eni-01")]);
    assert_eq!(
        args_of(&step, &v),
        ["--a", "01", "--b", "01", "--c", "eni-0"]
    );
}

#[test]
fn unquoted_reference_splits_and_empty_one_vanishes() {
    let step = one("aws ec2 terminate-instances --instance-ids $IDS $NONE \"$NONE\"");
    assert_eq!(
        args_of(&step, &vars(&[("IDS", "i-1\ti-2")])),
        ["--instance-ids", "i-1", "i-2", ""]
    );
}

#[test]
fn empty_quotes_are_an_empty_argument() {
    let step = one("aws ec2 x --description '' --b \"\"");
    assert_eq!(args_of(&step, &vars(&[])), ["--description", "", "--b", ""]);
}

#[test]
fn capture_step_names_its_variable() {
    let step = one("ENI=$(aws ec2 create-network-interface --subnet-id $S --query 'NetworkInterface.NetworkInterfaceId' --output text)");
    assert_eq!(step.capture.as_deref(), Some("ENI"));
    assert_eq!(operation(&step), "create-network-interface");
    assert_eq!(
        args_of(&step, &vars(&[("S", "subnet-1")])),
        [
            "--subnet-id",
            "subnet-1",
            "--query",
            "NetworkInterface.NetworkInterfaceId",
            "--output",
            "text"
        ]
    );
}

#[test]
fn capture_may_be_double_quoted_and_continued() {
    let step = one("\nI=\"$(aws ec2 run-instances \\\n  --image-id ami-1 --query Instances[0].InstanceId --output text)\"");
    assert_eq!(step.line, 2);
    assert_eq!(step.capture.as_deref(), Some("I"));
    assert_eq!(operation(&step), "run-instances");
}

#[test]
fn plain_assignments_are_steps_without_splitting() {
    let step = one("CIDR=\"${V6%::/56}::/64\"");
    let Command::Assign { name, value } = &step.command else {
        panic!("assignment expected");
    };
    assert_eq!(name, "CIDR");
    assert_eq!(
        value.expand(&vars(&[("V6", "2600:1f18::/56")])),
        "2600:1f18::/64"
    );
    let step = one("REGION=us-west-2");
    assert_eq!(
        step.command,
        Command::Assign {
            name: "REGION".into(),
            value: Word::literal("us-west-2")
        }
    );
    let step = one("EMPTY=");
    assert_eq!(
        step.command,
        Command::Assign {
            name: "EMPTY".into(),
            value: Word::default()
        }
    );
}

#[test]
fn equals_in_a_later_word_is_plain_text() {
    let step = one("aws ec2 x --filters Name=vpc-id,Values=$V");
    assert_eq!(
        args_of(&step, &vars(&[("V", "vpc-1")])),
        ["--filters", "Name=vpc-id,Values=vpc-1"]
    );
}

#[test]
fn global_options_before_the_service_move_into_the_args() {
    let step = one("aws --region us-west-2 --output=text ec2 --query X describe-vpcs --vpc-ids v");
    assert_eq!(operation(&step), "describe-vpcs");
    assert_eq!(
        args_of(&step, &vars(&[])),
        [
            "--region",
            "us-west-2",
            "--output=text",
            "--query",
            "X",
            "--vpc-ids",
            "v"
        ]
    );
}

#[test]
fn waiter_is_its_own_command() {
    let step = one("aws ec2 wait instance-running --instance-ids $I");
    assert_eq!(
        step.command,
        Command::Wait {
            waiter: "instance-running".into(),
            args: vec![
                Word::literal("--instance-ids"),
                Word {
                    parts: vec![Part::Var {
                        name: "I".into(),
                        removal: None,
                        quoted: false
                    }]
                    .into()
                }
            ]
            .into()
        }
    );
}

#[test]
fn netlab_steps_and_bash_scaffolding() {
    let script = ok("#!/bin/bash\nset -euo pipefail\nset -e\nnetlab() { :; }\nfunction netlab { true; }  # for bash\nnetlab advance-time --hours 2\nnetlab send-traffic --to 1.2.3.4 --port 22\n");
    assert_eq!(script.steps.len(), 2);
    assert_eq!(script.steps[0].line, 6);
    assert_eq!(
        script.steps[0].command,
        Command::Netlab {
            operation: "advance-time".into(),
            args: vec![Word::literal("--hours"), Word::literal("2")].into()
        }
    );
    assert_eq!(operation(&script.steps[1]), "send-traffic");
}

#[test]
fn json_values_in_single_quotes_survive() {
    let step = one("aws ec2 run-instances --network-interfaces '[{\"DeviceIndex\":0,\"SubnetId\":\"subnet-1\"}]'");
    assert_eq!(
        args_of(&step, &vars(&[])),
        [
            "--network-interfaces",
            "[{\"DeviceIndex\":0,\"SubnetId\":\"subnet-1\"}]"
        ]
    );
}

#[test]
fn multi_line_single_quoted_value_keeps_its_newline_and_the_next_step_its_line() {
    let script = ok("aws ec2 x --d 'a\nb'\naws ec2 y");
    assert_eq!(args_of(&script.steps[0], &vars(&[])), ["--d", "a\nb"]);
    assert_eq!(script.steps[1].line, 3);
}

#[test]
fn syntax_error_converts_to_a_script_syntax_ec2_error() {
    let e = parse("aws ec2 x | y").expect_err("pipe");
    let ec2: crate::Ec2Error = e.into();
    assert_eq!(ec2.code, ErrorCode::ScriptSyntax);
    assert!(
        ec2.message.starts_with("line 1, column 11: pipes"),
        "{}",
        ec2.message
    );
}

#[test]
fn unterminated_quote_reports_line_and_column() {
    let e = parse("aws ec2 describe-vpcs\naws ec2 x --d \"abc\n\n").expect_err("open quote");
    assert_eq!((e.line, e.column), (2, 15));
    assert_eq!(e.message, "unterminated double quote");
}

#[test]
fn positions_count_lines_across_quotes_and_continuations_and_columns_in_characters() {
    let e = parse("aws ec2 x --d 'é\nx' \\\n  --e ü | jq").expect_err("pipe");
    assert_eq!((e.line, e.column), (3, 9));
    let script = parse("A=1\naws ec2 x --d 'a\nb' \\\n --e f\n\naws ec2 y\n").expect("parses");
    let lines: Vec<usize> = script.steps.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![1, 2, 6]);
}

#[test]
fn pipe_is_a_syntax_error() {
    let e = parse("aws ec2 describe-vpcs | jq .").expect_err("pipe");
    assert_eq!((e.line, e.column), (1, 23));
    assert!(
        e.message.starts_with("pipes are not supported"),
        "{}",
        e.message
    );
}

#[test]
fn the_first_error_refuses_the_whole_script() {
    let e = parse("aws ec2 describe-vpcs\necho hi\naws s3 ls\n").expect_err("echo");
    assert_eq!((e.line, e.column), (2, 1));
    assert!(
        e.message.starts_with("`echo` is not supported"),
        "{}",
        e.message
    );
}

#[test]
fn a_quoting_error_later_in_the_script_outranks_a_refused_command_before_it() {
    // The lexer reads the whole text before any command is judged, as bash reads a
    // script's syntax; so an unterminated quote anywhere is the error reported.
    let e = parse("aws s3 ls\naws ec2 describe-vpcs\naws ec2 x --d 'abc\n").expect_err("quote");
    assert_eq!((e.line, e.column), (3, 15));
    assert_eq!(e.message, "unterminated single quote");
    let e = parse("aws s3 ls\naws ec2 describe-vpcs\n").expect_err("s3");
    assert_eq!((e.line, e.column), (1, 5));
}

/// Refused scripts: the text, the line and column reported, and a phrase of the message.
const MALFORMED: &[(&str, usize, usize, &str)] = &[
    ("aws ec2 x --d 'abc", 1, 15, "unterminated single quote"),
    ("aws ec2 x --d \"abc", 1, 15, "unterminated double quote"),
    ("aws ec2 x | jq", 1, 11, "pipes are not supported"),
    ("aws ec2 x || true", 1, 11, "`||`"),
    ("aws ec2 x && aws ec2 y", 1, 11, "`&&`"),
    ("aws ec2 x &", 1, 11, "background"),
    ("aws ec2 x; aws ec2 y", 1, 10, "`;`"),
    ("aws ec2 x > out.json", 1, 11, "redirections"),
    ("aws ec2 x 2>&1", 1, 12, "redirections"),
    ("(aws ec2 x)", 1, 1, "subshells"),
    (
        "aws s3 ls",
        1,
        5,
        "`aws s3` is not supported: only the ec2 service",
    ),
    ("aws iam list-users", 1, 5, "`aws iam`"),
    ("aws", 1, 1, "`aws` needs a service"),
    ("aws ec2", 1, 5, "`aws ec2` needs an operation"),
    ("aws ec2 wait", 1, 9, "waiter name"),
    ("aws ec2 wait --instance-ids i", 1, 14, "waiter name"),
    (
        "aws --profile dev ec2 x",
        1,
        5,
        "`aws --profile` is not supported",
    ),
    ("aws --region", 1, 5, "`--region` needs a value"),
    ("aws $SVC x", 1, 5, "service name must be literal"),
    ("aws ec2 $OP", 1, 9, "operation name must be literal"),
    ("$CMD ec2 x", 1, 1, "command name must be literal"),
    ("echo $VPC", 1, 1, "`echo` is not supported"),
    ("\n\n  jq .", 3, 3, "`jq` is not supported"),
    ("netlab", 1, 1, "`netlab` needs an operation"),
    ("netlab --hours 1", 1, 8, "literal operation name"),
    ("X=$(aws ec2 x", 1, 3, "unterminated `$(`"),
    ("X=$(aws ec2 x\n)", 1, 3, "unterminated `$(`"),
    (
        "X=$(aws ec2 x $(aws ec2 y))",
        1,
        15,
        "nested command substitution",
    ),
    ("X=$()", 1, 3, "empty command substitution"),
    (
        "X=$(netlab cost-report)",
        1,
        5,
        "`netlab` output cannot be captured",
    ),
    ("X=$(echo hi)", 1, 5, "`echo` output cannot be captured"),
    ("X=$(Y=1)", 1, 5, "an assignment cannot be captured"),
    (
        "X=a$(aws ec2 x)",
        1,
        1,
        "a capture must be exactly X=$(aws ec2 ...)",
    ),
    (
        "aws ec2 x --v $(aws ec2 y)",
        1,
        15,
        "only supported as a whole line",
    ),
    ("X=1 aws ec2 x", 1, 5, "assignment before a command"),
    ("X=1 Y=2", 1, 5, "one assignment per line"),
    ("X=$((1+2))", 1, 3, "arithmetic"),
    ("aws ec2 x --v `aws ec2 y`", 1, 15, "backtick"),
    ("aws ec2 x --v \"`y`\"", 1, 16, "backtick"),
    ("aws ec2 x --v ${", 1, 15, "unterminated `${`"),
    ("aws ec2 x --v ${S", 1, 15, "unterminated `${`"),
    ("aws ec2 x --v ${S%abc", 1, 15, "unterminated `${`"),
    ("aws ec2 x --v ${}", 1, 15, "bad substitution"),
    ("aws ec2 x --v ${S:-x}", 1, 18, "bad substitution"),
    ("aws ec2 x --v ${S/a/b}", 1, 18, "bad substitution"),
    ("aws ec2 x --v ${S%*}", 1, 19, "only a literal pattern"),
    ("aws ec2 x --v ${S#$T}", 1, 19, "only a literal pattern"),
    ("aws ec2 x --v ${#S}", 1, 15, "length"),
    ("aws ec2 x --v ${!S}", 1, 15, "indirect"),
    ("aws ec2 x --v $1", 1, 15, "positional parameter"),
    ("aws ec2 x --v ${1}", 1, 15, "positional parameters"),
    ("aws ec2 x --v $?", 1, 15, "special parameter `$?`"),
    ("aws ec2 x --v $'a\\n'", 1, 15, "ANSI-C"),
    ("aws ec2 x --v {a,b}", 1, 15, "brace expansion"),
    ("set", 1, 1, "only `set -e`"),
    ("set -o", 1, 5, "`set -o` needs an option name"),
    ("set -o posix", 1, 8, "only `set -e`"),
    ("set +e", 1, 5, "only `set -e`"),
    ("netlab() {\n  :\n}", 1, 7, "subshells"),
    ("export X=1", 1, 1, "`export` is not supported"),
    ("if true; then aws ec2 x; fi", 1, 1, "`if` is not supported"),
];

#[test]
fn malformed_scripts_report_line_and_column() {
    for &(text, line, column, phrase) in MALFORMED {
        let e = match parse(text) {
            Ok(script) => panic!("{text:?} should be refused, parsed as {script:?}"),
            Err(e) => e,
        };
        assert_eq!(
            (e.line, e.column),
            (line, column),
            "{text:?}: {}",
            e.message
        );
        assert!(
            e.message.contains(phrase),
            "{text:?}: message {:?} lacks {phrase:?}",
            e.message
        );
    }
}

#[test]
fn column_counts_characters_not_bytes() {
    let e = parse("aws ec2 x --d \"é€\" | y").expect_err("pipe");
    assert_eq!((e.line, e.column), (1, 20));
}

/// Inputs built to make a careless parser panic, recurse deeply or go quadratic.
fn hostile_inputs() -> Vec<String> {
    const MB: usize = 1 << 20;
    let mut inputs = vec![
        "$(".repeat(MB / 2),
        "${".repeat(MB / 2),
        "\"".repeat(MB - 1),
        "'".repeat(MB - 1),
        "\\".repeat(MB),
        "\\\n".repeat(MB / 2),
        format!("aws ec2 x --v {}", "a".repeat(MB)),
        format!("aws ec2 x {}", "--f v ".repeat(MB / 6)),
        format!("X=$(aws ec2 x {})", "\"$A\"".repeat(MB / 4)),
        format!("aws ec2 x {}", "${A%:}".repeat(MB / 6)),
        "\n".repeat(MB),
        "# comment\n".repeat(MB / 10),
        "aws ec2 x\n".repeat(MB / 10),
        "netlab() { :; }\n".repeat(MB / 16),
        format!("aws ec2 x --v \"{}", "$".repeat(MB)),
        format!("X={}", "a=".repeat(MB / 2)),
        "é\u{0}\u{7f}\r".repeat(MB / 4),
    ];
    // A deterministic pseudo-random mix of the characters the lexer cares about.
    let alphabet: Vec<char> = "aws ec2 $(){}[]'\"\\\n#|&;<>=%-`!?*@:/ netlab"
        .chars()
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut mixed = String::with_capacity(MB);
    for _ in 0..MB {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let i = usize::try_from(state % alphabet.len() as u64).unwrap_or(0);
        mixed.push(alphabet.get(i).copied().unwrap_or('a'));
    }
    inputs.push(mixed);
    inputs
}

#[test]
fn one_megabyte_hostile_inputs_neither_panic_nor_hang() {
    for input in hostile_inputs() {
        let start = std::time::Instant::now();
        let result = parse(&input);
        if let Err(e) = &result {
            assert!(e.line >= 1 && e.column >= 1, "{e}");
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "too slow on {:?}...",
            input.chars().take(20).collect::<String>()
        );
    }
}

#[test]
fn a_long_valid_script_parses_every_step() {
    let script = ok(&"ENI=$(aws ec2 create-network-interface --subnet-id \"$S\" --query NetworkInterface.NetworkInterfaceId --output text)\n".repeat(10_000));
    assert_eq!(script.steps.len(), 10_000);
    assert_eq!(script.steps[9_999].line, 10_000);
}
