//! The course's content checked against the model: every script runs, every task is
//! solvable (its reference solution passes and the bare scenario does not), every answer
//! an author expects is what the model does, every claim is taught and quizzed.

#[path = "../src/keys.rs"]
mod keys;

/// `keys.rs` names the content types through `crate::content`.
mod content {
    pub use netlab_course::Check;
}

use keys::AnswerKeys;
use netlab_course::{
    answer_digest, answer_of, check, course, grade, lesson_step, quiz_items, start, Observe,
    QuizItem, QuizKind,
};
use netlab_model::script::parse;
use netlab_model::session::Session;
use std::collections::BTreeSet;

/// Seeds the lab tasks are tried with: a solution must not depend on the generator.
const SEEDS: [u64; 2] = [0, 7];

/// Claims that a multiple-choice item may teach without a model probe behind its key:
/// which tools exist (C23), and history the model does not simulate (C27's old rule).
const CONCEPTUAL_CLAIMS: [&str; 2] = ["C23", "C27"];

fn keys() -> AnswerKeys {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/answer_keys.json")))
        .expect("the build script writes valid keys")
}

fn all_claims() -> Vec<String> {
    (1..=33).map(|n| format!("C{n}")).collect()
}

/// Fails once, listing every problem found.
fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Runs a script from a fresh account and lists the steps that failed.
fn failed_steps(session: &mut Session, script: &str) -> Vec<String> {
    match session.run(script) {
        Err(e) => vec![format!("syntax: {e}")],
        Ok(results) => results
            .iter()
            .filter_map(|r| match &r.outcome {
                Err(e) => Some(format!(
                    "line {} {}: {} {}",
                    r.line, r.op, e.code, e.message
                )),
                Ok(_) => None,
            })
            .collect(),
    }
}

#[test]
fn the_course_has_enough_lessons_and_quiz_items() {
    let c = course();
    assert!(c.lessons.len() >= 11, "{} lessons", c.lessons.len());
    assert!(
        quiz_items().count() >= 40,
        "{} quiz items",
        quiz_items().count()
    );
    let kinds: BTreeSet<&str> = quiz_items()
        .map(|i| match i.kind {
            QuizKind::MultipleChoice { .. } => "multiple-choice",
            QuizKind::Predict { .. } => "predict",
            QuizKind::LabTask { .. } => "lab",
        })
        .collect();
    assert_eq!(kinds.len(), 3, "all three kinds of item: {kinds:?}");
}

#[test]
fn ids_are_unique() {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for lesson in &course().lessons {
        if !seen.insert(format!("lesson {}", lesson.id)) {
            problems.push(format!("lesson id {} twice", lesson.id));
        }
        let mut steps = BTreeSet::new();
        for step in &lesson.steps {
            if !steps.insert(&step.id) {
                problems.push(format!("step id {}/{} twice", lesson.id, step.id));
            }
        }
    }
    for quiz in &course().quizzes {
        if !seen.insert(format!("quiz {}", quiz.id)) {
            problems.push(format!("quiz id {} twice", quiz.id));
        }
    }
    let mut items = BTreeSet::new();
    for item in quiz_items() {
        if !items.insert(&item.id) {
            problems.push(format!("quiz item id {} twice", item.id));
        }
    }
    report(problems);
}

#[test]
fn every_lesson_link_resolves_to_a_step_teaching_the_item() {
    let mut problems = Vec::new();
    for item in quiz_items() {
        match lesson_step(&item.lesson) {
            None => problems.push(format!(
                "{}: links to {}/{}, which does not exist",
                item.id, item.lesson.lesson, item.lesson.step
            )),
            Some((_, step)) => {
                if !item.claims.iter().any(|c| step.claims.contains(c)) {
                    problems.push(format!(
                        "{}: the linked step {} teaches none of {:?}",
                        item.id, step.id, item.claims
                    ));
                }
            }
        }
    }
    report(problems);
}

#[test]
fn every_claim_is_taught_by_a_lesson_step_and_quizzed() {
    let claims = all_claims();
    let mut problems = Vec::new();
    let taught: BTreeSet<&String> = course()
        .lessons
        .iter()
        .flat_map(|l| l.steps.iter())
        .flat_map(|s| s.claims.iter())
        .collect();
    let quizzed: BTreeSet<&String> = quiz_items().flat_map(|i| i.claims.iter()).collect();
    for claim in &claims {
        if !taught.contains(claim) {
            problems.push(format!("{claim} is taught by no lesson step"));
        }
        if !quizzed.contains(claim) {
            problems.push(format!("{claim} is quizzed by no item"));
        }
    }
    for claim in taught.iter().chain(quizzed.iter()) {
        if !claims.contains(claim) {
            problems.push(format!("unknown claim id {claim}"));
        }
    }
    report(problems);
}

#[test]
fn every_text_a_learner_reads_is_there() {
    let mut problems = Vec::new();
    for lesson in &course().lessons {
        for step in &lesson.steps {
            let at = format!("{}/{}", lesson.id, step.id);
            if step.explanation.trim().is_empty() || step.claims.is_empty() {
                problems.push(format!("{at}: needs an explanation and claims"));
            }
            for task in &step.tasks {
                if task.prompt.trim().is_empty() || task.hint.trim().is_empty() {
                    problems.push(format!("{at}: a task needs a prompt and a hint"));
                }
            }
        }
    }
    for item in quiz_items() {
        if item.explanation.trim().is_empty() || item.claims.is_empty() {
            problems.push(format!("{}: needs an explanation and claims", item.id));
        }
    }
    report(problems);
}

/// Every script of the course, named.
fn scripts() -> Vec<(String, String)> {
    let keys = keys();
    let mut all = Vec::new();
    for lesson in &course().lessons {
        for step in &lesson.steps {
            let at = format!("{}/{}", lesson.id, step.id);
            all.push((format!("{at} setup"), step.setup.clone()));
            for (n, task) in step.tasks.iter().enumerate() {
                for probe in &task.check.probes {
                    all.push((format!("{at} task {} probe", n + 1), probe.run.clone()));
                }
            }
        }
    }
    for item in quiz_items() {
        match &item.kind {
            QuizKind::Predict { script, .. } => all.push((item.id.clone(), script.clone())),
            QuizKind::LabTask { setup, check, .. } => {
                all.push((format!("{} setup", item.id), setup.clone()));
                for probe in &check.probes {
                    all.push((format!("{} probe", item.id), probe.run.clone()));
                }
            }
            QuizKind::MultipleChoice { .. } => {}
        }
    }
    for (key, script) in keys.task_solutions.iter().chain(keys.lab_solutions.iter()) {
        all.push((format!("{key} solution"), script.clone()));
    }
    for (id, backing) in &keys.backings {
        all.push((format!("{id} backing"), backing.script.clone()));
        for probe in &backing.check.probes {
            all.push((format!("{id} backing probe"), probe.run.clone()));
        }
    }
    all
}

#[test]
fn every_script_parses() {
    let problems = scripts()
        .into_iter()
        .filter_map(|(name, script)| parse(&script).err().map(|e| format!("{name}: {e}")))
        .collect();
    report(problems);
}

#[test]
fn every_setup_runs_without_a_failing_step() {
    let mut problems = Vec::new();
    let mut setups: Vec<(String, &str)> = Vec::new();
    for lesson in &course().lessons {
        for step in &lesson.steps {
            setups.push((format!("{}/{}", lesson.id, step.id), &step.setup));
        }
    }
    for item in quiz_items() {
        if let QuizKind::LabTask { setup, .. } = &item.kind {
            setups.push((item.id.clone(), setup));
        }
    }
    for (name, setup) in setups {
        for seed in SEEDS {
            for failure in failed_steps(&mut Session::new(seed), setup) {
                problems.push(format!("{name} (seed {seed}): {failure}"));
            }
        }
    }
    report(problems);
}

#[test]
fn every_lesson_task_is_solved_by_its_solution_and_not_by_the_setup_alone() {
    let keys = keys();
    let mut problems = Vec::new();
    for lesson in &course().lessons {
        for step in &lesson.steps {
            for (n, task) in step.tasks.iter().enumerate() {
                let key = format!("{}/{}/{}", lesson.id, step.id, n + 1);
                let Some(solution) = keys.task_solutions.get(&key) else {
                    problems.push(format!("{key}: no solution"));
                    continue;
                };
                for seed in SEEDS {
                    let mut session = start(&step.setup, seed).expect("setup parses");
                    if check(&task.check, &session).passed {
                        problems.push(format!("{key} (seed {seed}): the setup alone passes"));
                    }
                    for failure in failed_steps(&mut session, solution) {
                        problems.push(format!("{key} (seed {seed}) solution: {failure}"));
                    }
                    let outcome = check(&task.check, &session);
                    if !outcome.passed {
                        problems.push(format!(
                            "{key} (seed {seed}): the solution fails the check: {}",
                            outcome.failures.join("; ")
                        ));
                    }
                }
            }
        }
    }
    report(problems);
}

#[test]
fn every_lab_item_is_solved_by_its_solution_and_graded_by_the_model() {
    let keys = keys();
    let mut problems = Vec::new();
    for item in quiz_items() {
        let QuizKind::LabTask {
            setup, check: goal, ..
        } = &item.kind
        else {
            continue;
        };
        let solution = &keys.lab_solutions[&item.id];
        for seed in SEEDS {
            let mut session = start(setup, seed).expect("setup parses");
            if check(goal, &session).passed || grade(item, "", Some(&session)).success {
                problems.push(format!("{} (seed {seed}): the setup alone passes", item.id));
            }
            for failure in failed_steps(&mut session, solution) {
                problems.push(format!("{} (seed {seed}) solution: {failure}", item.id));
            }
            let g = grade(item, "", Some(&session));
            if !g.success || g.score_scaled < 1.0 {
                problems.push(format!(
                    "{} (seed {seed}): the solution is graded {}: {}",
                    item.id, g.score_scaled, g.feedback
                ));
            }
        }
    }
    report(problems);
}

fn predicts() -> impl Iterator<Item = &'static QuizItem> {
    quiz_items().filter(|i| matches!(i.kind, QuizKind::Predict { .. }))
}

#[test]
fn every_predicted_answer_is_what_the_model_does() {
    let keys = keys();
    let mut problems = Vec::new();
    for item in predicts() {
        let QuizKind::Predict {
            script,
            choices,
            observe,
            ..
        } = &item.kind
        else {
            unreachable!()
        };
        let expected = &keys.predict_expected[&item.id];
        let model = answer_of(item);
        let author = if choices.is_empty() {
            expected.clone()
        } else {
            choices
                .iter()
                .find(|c| c.value == *expected)
                .map(|c| c.label.clone())
                .unwrap_or_default()
        };
        if !model.trim().eq_ignore_ascii_case(author.trim()) {
            problems.push(format!(
                "{}: the author expects “{author}”, the model gives “{model}”",
                item.id
            ));
        }
        if !choices.is_empty() && !choices.iter().any(|c| c.label == model) {
            problems.push(format!(
                "{}: no choice names the model's answer {model}",
                item.id
            ));
        }
        if matches!(observe, Observe::Path(_)) && !choices.is_empty() {
            // Two choices naming the same value would make the key ambiguous.
            let mut session = Session::new(netlab_course::PREDICT_SEED);
            session.run(script).expect("parses");
            let values: Vec<String> = choices
                .iter()
                .filter(|c| c.value != "*")
                .map(|c| netlab_course::expand(&c.value, session.vars()).to_ascii_lowercase())
                .collect();
            let distinct: BTreeSet<&String> = values.iter().collect();
            if distinct.len() != values.len() {
                problems.push(format!("{}: two choices stand for the same value", item.id));
            }
        }
        if !keys.tolerate_failed_steps.contains(&item.id) {
            let mut session = Session::new(netlab_course::PREDICT_SEED);
            let results = session.run(script).expect("parses");
            for r in results.iter().take(results.len().saturating_sub(1)) {
                if let Err(e) = &r.outcome {
                    problems.push(format!(
                        "{}: line {} {} fails before the last step: {}",
                        item.id, r.line, r.op, e.code
                    ));
                }
            }
        }
    }
    report(problems);
}

#[test]
fn every_multiple_choice_key_is_backed_by_the_model() {
    let keys = keys();
    let mut problems = Vec::new();
    for item in quiz_items() {
        let QuizKind::MultipleChoice {
            choices,
            answer_digest: key,
            ..
        } = &item.kind
        else {
            continue;
        };
        let answer = &keys.choice_answers[&item.id];
        if answer_digest(&item.id, answer) != *key {
            problems.push(format!("{}: the digest does not match the key", item.id));
        }
        let right = choices
            .iter()
            .filter(|c| answer_digest(&item.id, c) == *key)
            .count();
        if right != 1 {
            problems.push(format!("{}: {right} choices match the key", item.id));
        }
        match keys.backings.get(&item.id) {
            Some(backing) => {
                for seed in SEEDS {
                    let session = start(&backing.script, seed).expect("parses");
                    let outcome = check(&backing.check, &session);
                    if !outcome.passed {
                        problems.push(format!(
                            "{} (seed {seed}): the model disagrees with the key: {}",
                            item.id,
                            outcome.failures.join("; ")
                        ));
                    }
                }
            }
            None => {
                assert!(keys.conceptual.contains(&item.id));
                if let Some(claim) = item
                    .claims
                    .iter()
                    .find(|c| !CONCEPTUAL_CLAIMS.contains(&c.as_str()))
                {
                    problems.push(format!(
                        "{}: {claim} is behavioural: give the item a backing scenario",
                        item.id
                    ));
                }
            }
        }
    }
    report(problems);
}

#[test]
fn grading_accepts_the_right_choice_only() {
    let keys = keys();
    let mut problems = Vec::new();
    for item in quiz_items() {
        let labels: Vec<String> = match &item.kind {
            QuizKind::MultipleChoice { choices, .. } => choices.clone(),
            QuizKind::Predict { choices, .. } if !choices.is_empty() => {
                choices.iter().map(|c| c.label.clone()).collect()
            }
            QuizKind::Predict { .. } => {
                let expected = &keys.predict_expected[&item.id];
                if !grade(item, expected, None).success || grade(item, "NotTheAnswer", None).success
                {
                    problems.push(format!("{}: free answer graded wrongly", item.id));
                }
                continue;
            }
            QuizKind::LabTask { .. } => continue,
        };
        let right = grade(item, "0", None).answer.unwrap_or_default();
        for (i, label) in labels.iter().enumerate() {
            let by_index = grade(item, &i.to_string(), None);
            let by_label = grade(item, label, None);
            let should = *label == right;
            if by_index.success != should || by_label.success != should {
                problems.push(format!("{}: choice {i} graded wrongly", item.id));
            }
            if by_index.feedback.is_empty() || by_index.lesson != item.lesson {
                problems.push(format!("{}: feedback without lesson link", item.id));
            }
        }
    }
    report(problems);
}

#[test]
fn the_shipped_course_holds_no_solution_or_expected_answer() {
    let keys = keys();
    let shipped = serde_json::to_string(course()).expect("serializable");
    for field in ["\"solution\"", "\"expected\"", "\"backing\"", "\"answer\""] {
        assert!(!shipped.contains(field), "the course ships a {field} field");
    }
    // A hint may point the way, but never spell out the whole reference solution.
    let mut problems = Vec::new();
    for lesson in &course().lessons {
        for step in &lesson.steps {
            for (n, task) in step.tasks.iter().enumerate() {
                let key = format!("{}/{}/{}", lesson.id, step.id, n + 1);
                let solution = keys.task_solutions[&key].trim();
                if task.hint.contains(solution) || task.prompt.contains(solution) {
                    problems.push(format!("{key}: the prompt or hint gives the solution away"));
                }
            }
        }
    }
    for item in quiz_items() {
        if let QuizKind::LabTask { prompt, hint, .. } = &item.kind {
            let solution = keys.lab_solutions[&item.id].trim();
            if hint.contains(solution) || prompt.contains(solution) {
                problems.push(format!(
                    "{}: the prompt or hint gives the solution away",
                    item.id
                ));
            }
        }
    }
    report(problems);
}

#[test]
fn loading_the_shipped_json_gives_the_embedded_course() {
    let loaded = netlab_course::load(netlab_course::COURSE_JSON).expect("valid JSON");
    assert_eq!(loaded, netlab_course::course());
    assert!(netlab_course::COURSE_JSON_FILE.starts_with("course-"));
    assert!(netlab_course::COURSE_JSON_FILE.ends_with(".json"));
}
