//! The `netlab` command: JSON lines on standard output and the documented exit statuses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn netlab_run(script: &str, extra: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_netlab"))
        .args(["run", "-"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("netlab starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(script.as_bytes())
        .expect("script written");
    child.wait_with_output().expect("netlab finishes")
}

#[test]
fn a_syntax_error_prints_one_line_naming_line_and_column_and_exits_2() {
    let out = netlab_run(
        "aws ec2 describe-vpcs\naws ec2 describe-subnets | grep x\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "nothing runs: {text}");
    let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(line["line"], 2);
    assert_eq!(line["ok"], false);
    assert_eq!(line["error"]["Code"], "ScriptSyntax");
    assert!(line["error"]["Message"]
        .as_str()
        .unwrap()
        .contains("column"));
}

#[test]
fn each_step_prints_one_json_line_and_a_failed_last_step_exits_1() {
    let out = netlab_run("aws ec2 describe-vpcs\naws ec2 detach-network-interface --attachment-id eni-attach-00000000000000000\n", &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["op"], "describe-vpcs");
    assert_eq!(lines[0]["ok"], true);
    assert_eq!(lines[1]["error"]["Code"], "InvalidAttachmentID.NotFound");
}

#[test]
fn the_seed_changes_ids_but_not_behaviour() {
    let script = "aws ec2 allocate-address\n";
    let a = netlab_run(script, &["--seed", "1"]);
    let b = netlab_run(script, &["--seed", "2"]);
    assert_eq!(a.status.code(), Some(0));
    assert_ne!(a.stdout, b.stdout);
    assert_eq!(netlab_run(script, &["--seed", "1"]).stdout, a.stdout);
}

#[test]
fn netlab_export_prints_a_script_that_runs_cleanly() {
    let dir = std::env::temp_dir().join(format!("netlab-export-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("lesson.sh");
    std::fs::write(
        &file,
        "I=$(aws ec2 run-instances --image-id ami-1 --query Instances[0].InstanceId --output text)\naws ec2 stop-instances --instance-ids $I\n",
    )
    .expect("script written");
    let output = Command::new(env!("CARGO_BIN_EXE_netlab"))
        .args(["export", &file.to_string_lossy(), "--seed", "4"])
        .output()
        .expect("netlab finishes");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("aws ec2 run-instances"), "{text}");
    assert!(
        text.contains("aws ec2 stop-instances --instance-ids \"${INSTANCE_1}\""),
        "{text}"
    );
    let rebuilt = netlab_run(&text, &["--seed", "9"]);
    assert_eq!(rebuilt.status.code(), Some(0), "{text}");
    for line in String::from_utf8_lossy(&rebuilt.stdout).lines() {
        let step: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(step["ok"], true, "step failed: {line}\n{text}");
    }
}
