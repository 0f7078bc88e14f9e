//! The scenario scripts of `scenarios/` run as documented: every step succeeds unless the
//! line before it says `# expect: CODE`, and then it fails with exactly that code. Each
//! also runs byte for byte the same twice, and differently with another seed.

use netlab_model::runner::{run_text, StepResult, Vars};
use netlab_model::World;
use std::path::PathBuf;

fn scenarios() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the scenarios folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario scripts found");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable scenario");
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

fn run(text: &str, seed: u64) -> Vec<StepResult> {
    run_text(&mut World::new(seed), &mut Vars::new(), text).expect("scenario parses")
}

fn lines(results: &[StepResult]) -> String {
    results.iter().map(|r| r.to_json_line() + "\n").collect()
}

#[test]
fn every_scenario_step_succeeds_unless_its_failure_is_expected() {
    for (name, text) in scenarios() {
        let source: Vec<&str> = text.lines().collect();
        for result in run(&text, 0) {
            let expected = result
                .line
                .checked_sub(2)
                .and_then(|i| source.get(i))
                .and_then(|l| l.trim().strip_prefix("# expect: "));
            match (&result.outcome, expected) {
                (Ok(_), None) => {}
                (Err(e), Some(code)) => {
                    assert_eq!(e.code.as_str(), code, "{name} line {}", result.line)
                }
                (Ok(_), Some(code)) => panic!(
                    "{name} line {}: expected {code}, but the step succeeded",
                    result.line
                ),
                (Err(e), None) => panic!(
                    "{name} line {}: unexpected {}: {}",
                    result.line, e.code, e.message
                ),
            }
        }
    }
}

#[test]
fn the_same_script_and_seed_give_the_same_output_byte_for_byte() {
    for (name, text) in scenarios() {
        assert_eq!(lines(&run(&text, 7)), lines(&run(&text, 7)), "{name}");
    }
}

#[test]
fn another_seed_gives_other_ids() {
    let (_, text) = scenarios()
        .into_iter()
        .find(|(n, _)| n == "failover.sh")
        .expect("failover scenario");
    assert_ne!(lines(&run(&text, 1)), lines(&run(&text, 2)));
}
