//! The visual lab's task panel, shown when the lab is opened from a lesson step
//! (`#/lab?s=...&lesson=ID&step=STEP`): the step's tasks, judged with the lesson's own
//! code against the lab's session after every change, their feedback, a live region that
//! announces the step done (recorded in the course progress as in the step's console),
//! and the way back to the lesson. Only such a link fetches the course.

use super::data::{CourseData, Status};
use super::store::ProgressStore;
use super::tasks::{judge, record_step_done, TaskFeedback, TaskState};
use super::{rich, use_reporter, use_route, PageLink};
use crate::route::{Page, StepLink};
use crate::session::LabSession;
use leptos::either::Either;
use leptos::prelude::*;
use netlab_course::{expand, Lesson, LessonStep};

/// The lesson step a lab link names, or, for the learner, why it names none.
pub fn find_step(link: &StepLink) -> Result<(&'static Lesson, &'static LessonStep), String> {
    let id = link
        .lesson
        .as_deref()
        .ok_or("This link names a step but no lesson.")?;
    let lesson =
        netlab_course::lesson(id).ok_or_else(|| format!("The course has no lesson “{id}”."))?;
    let step = link
        .step
        .as_deref()
        .ok_or_else(|| format!("This link names no step of the lesson “{}”.", lesson.title))?;
    let found = lesson
        .steps
        .iter()
        .find(|s| s.id == step)
        .ok_or_else(|| format!("The lesson “{}” has no step “{step}”.", lesson.title))?;
    Ok((lesson, found))
}

/// The panel, while the lab's address names a lesson step; nothing otherwise.
#[component]
pub fn LabTasks() -> impl IntoView {
    let route = use_route();
    let link = Memo::new(move |_| route.with(|r| r.tasks.clone()));
    move || link.get().map(panel)
}

fn panel(link: StepLink) -> impl IntoView {
    let data = use_context::<CourseData>().unwrap_or_default();
    data.ensure();
    let body = move || {
        let found = match data.status() {
            Status::Ready => find_step(&link)
                .map_err(|why| format!("{why} The lab works as usual, without tasks.")),
            Status::Failed(why) => Err(format!(
                "The course could not be loaded ({why}). The lab works as usual, without tasks."
            )),
            Status::Idle | Status::Loading => Err("Loading the lesson's tasks…".to_string()),
        };
        match found {
            Ok((lesson, step)) => Either::Left(view! { <StepTasks lesson=lesson step=step/> }),
            Err(message) => Either::Right(
                view! { <p role="status" data-testid="lab-tasks-message">{message}</p> },
            ),
        }
    };
    view! {
        <section class="panel lab-tasks" data-testid="lab-tasks" aria-labelledby="lab-tasks-heading">
            <h2 id="lab-tasks-heading">"Lesson tasks"</h2>
            {body}
        </section>
    }
}

/// A step's tasks, judged again whenever the lab's session changes.
#[component]
fn StepTasks(lesson: &'static Lesson, step: &'static LessonStep) -> impl IntoView {
    let lab = expect_context::<LabSession>();
    let store = expect_context::<ProgressStore>();
    let reporter = use_reporter();
    let states: Vec<RwSignal<TaskState>> = step
        .tasks
        .iter()
        .map(|_| RwSignal::new(TaskState::Untried))
        .collect();
    let announcement = RwSignal::new(String::new());
    {
        let states = states.clone();
        // The first run judges the starting point: what fails there is not yet a wrong attempt.
        Effect::new(move |judged_before: Option<()>| {
            let judged: Vec<TaskState> =
                lab.with_session(|s| step.tasks.iter().map(|t| judge(t, s)).collect());
            let all_passed = judged.iter().all(|s| *s == TaskState::Passed);
            let was_all_passed = states
                .iter()
                .all(|s| s.get_untracked() == TaskState::Passed);
            for (state, judged) in states.iter().zip(judged) {
                let shown = match judged {
                    TaskState::Failed { .. } if judged_before.is_none() => TaskState::Untried,
                    judged => judged,
                };
                if state.get_untracked() != shown {
                    state.set(shown);
                }
            }
            if judged_before.is_some() && all_passed && !was_all_passed {
                record_step_done(store, &reporter, lesson, step);
                announcement.set(format!(
                    "Step done: “{}”. It counts in your course progress.",
                    step.title
                ));
            } else if !all_passed && was_all_passed {
                announcement.set(String::new());
            }
        });
    }
    let back = Page::Lesson {
        id: lesson.id.clone(),
        step: Some(step.id.clone()),
    };
    view! {
        <p class="lab-tasks-step">{format!("{} › {}", lesson.title, step.title)}</p>
        <ol class="tasks">
            {step
                .tasks
                .iter()
                .zip(states)
                .map(|(task, state)| {
                    // The step's variables are the setup's: the prompt is written once.
                    let prompt = lab.with_session(|s| expand(&task.prompt, s.vars()));
                    view! {
                        <li class="task" data-testid="lab-task">
                            <p class="prompt">{rich(&prompt)}</p>
                            <TaskFeedback state=state/>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p class="success" role="status" data-testid="lab-tasks-status">{announcement}</p>
        <p><PageLink page=back>"Back to the lesson step"</PageLink></p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(lesson: Option<&str>, step: Option<&str>) -> StepLink {
        StepLink {
            lesson: lesson.map(String::from),
            step: step.map(String::from),
        }
    }

    #[test]
    fn a_lab_link_finds_its_lesson_step() {
        let (lesson, step) = find_step(&link(Some("eni-move"), Some("move"))).unwrap();
        assert_eq!((lesson.id.as_str(), step.id.as_str()), ("eni-move", "move"));
        assert!(!step.tasks.is_empty());
    }

    #[test]
    fn a_bad_lesson_or_step_is_named_in_the_message() {
        let cases = [
            (link(None, Some("move")), "names a step but no lesson"),
            (link(Some("nope"), Some("move")), "no lesson “nope”"),
            (
                link(Some("eni-move"), None),
                "names no step of the lesson “Moving",
            ),
            (link(Some("eni-move"), Some("nope")), "has no step “nope”"),
        ];
        for (link, why) in cases {
            let message = find_step(&link).expect_err(why);
            assert!(message.contains(why), "{message}");
        }
    }
}
