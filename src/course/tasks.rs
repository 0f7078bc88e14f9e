//! A lesson step's tasks, judged by the model: where a task stands, its feedback, and the
//! progress recorded once every task of the step passes. The lesson runner (the step's
//! console) and the visual lab's task panel both use these, so a task is judged, shown
//! and counted the same wherever the learner does it.

use super::rich;
use super::store::ProgressStore;
use crate::embed::messages::Activity;
use crate::embed::Reporter;
use crate::route::Page;
use leptos::prelude::*;
use netlab_course::{check, expand, Lesson, LessonStep, Task};
use netlab_model::session::Session;

/// Where a task stands.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskState {
    Untried,
    /// What does not hold yet, in the learner's words, and the task's hint.
    Failed {
        failures: Vec<String>,
        hint: String,
    },
    Passed,
}

/// Judges a task on a session with the course's check (probes on a clone of its world);
/// what fails, and the hint, are written with the session's variables.
pub fn judge(task: &Task, session: &Session) -> TaskState {
    let outcome = check(&task.check, session);
    let vars = session.vars();
    if outcome.passed {
        TaskState::Passed
    } else {
        TaskState::Failed {
            failures: outcome.failures.iter().map(|f| expand(f, vars)).collect(),
            hint: expand(&task.hint, vars),
        }
    }
}

/// Records a step whose tasks all pass, and reports it (and its lesson, when this was its
/// last step not yet done) as completed.
pub fn record_step_done(
    store: ProgressStore,
    reporter: &Reporter,
    lesson: &Lesson,
    step: &LessonStep,
) {
    let lesson_done =
        |p: &super::progress::Progress| lesson.steps.iter().all(|s| p.step_done(&lesson.id, &s.id));
    let lesson_was_done = store.progress.with_untracked(lesson_done);
    store.update(|p| p.mark_step_done(&lesson.id, &step.id));
    let page = Page::Lesson {
        id: lesson.id.clone(),
        step: Some(step.id.clone()),
    };
    reporter.completed(
        Activity::LessonStep,
        page.path(),
        step.title.clone(),
        true,
        1.0,
    );
    if !lesson_was_done && store.progress.with_untracked(lesson_done) {
        let page = Page::Lesson {
            id: lesson.id.clone(),
            step: None,
        };
        reporter.completed(
            Activity::Lesson,
            page.path(),
            lesson.title.clone(),
            true,
            1.0,
        );
    }
}

/// A task's feedback: done, or what does not hold yet and the task's hint.
#[component]
pub fn TaskFeedback(state: RwSignal<TaskState>) -> impl IntoView {
    move || match state.get() {
        TaskState::Untried => ().into_any(),
        TaskState::Passed => view! {
            <p class="success" data-testid="task-feedback" data-success="true">
                "Done: the model confirms it."
            </p>
        }
        .into_any(),
        TaskState::Failed { failures, hint } => view! {
            <div data-testid="task-feedback" data-success="false">
                <p class="failure"><strong>"Not yet."</strong></p>
                <ul class="failures">
                    {failures.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                </ul>
                <p class="hint" data-testid="task-hint"><strong>"Hint: "</strong>{rich(&hint)}</p>
            </div>
        }
        .into_any(),
    }
}
