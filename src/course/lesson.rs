//! `#/lesson/ID[/STEP]`: the lesson runner. Each step shows its explanation, starts a
//! fresh model session from the step's setup script, and lists its tasks, which the
//! learner works on in the step's console and checks live against the model.

use super::console::Console;
use super::store::ProgressStore;
use super::tasks::{judge, record_step_done, TaskFeedback, TaskState};
use super::{rich, rich_paragraphs, use_reporter, use_route, Missing, PageLink, SEED};
use crate::lab::share::{encode_payload, lab_hash};
use crate::route::{tasks_query, Page};
use leptos::prelude::*;
use netlab_course::{expand, Lesson, LessonStep, Task};
use netlab_model::session::Session;

#[component]
pub fn LessonPage(id: String, step: Option<String>) -> impl IntoView {
    let Some(lesson) = netlab_course::lesson(&id) else {
        return view! { <Missing what="lesson" id=id/> }.into_any();
    };
    let index = step
        .as_deref()
        .and_then(|s| lesson.steps.iter().position(|x| x.id == s))
        .unwrap_or(0);
    let store = expect_context::<ProgressStore>();
    let route = use_route().get_untracked();
    let embed = route.embed;

    view! {
        <article class="page lesson" aria-labelledby="lesson-title">
            {(!embed).then(|| view! {
                <nav class="crumbs" aria-label="Breadcrumb">
                    <a href="#/course">"Course"</a> " › " <span>{lesson.title.clone()}</span>
                </nav>
            })}
            <h2 id="lesson-title">{lesson.title.clone()}</h2>
            <p class="lead">{lesson.summary.clone()}</p>
            <nav aria-label="Steps of this lesson">
                <ol class="step-list">
                    {lesson
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            let done = move || store.progress.with(|p| p.step_done(&lesson.id, &s.id));
                            let href = route.href(&Page::Lesson { id: lesson.id.clone(), step: Some(s.id.clone()) });
                            view! {
                                <li class:current=i == index class:done=done>
                                    <a href=href aria-current=(i == index).then_some("step")>
                                        {s.title.clone()}
                                    </a>
                                    {move || done().then(|| view! { <span class="badge right">" Done"</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
            <StepView lesson=lesson index=index focus=step.is_some() && !embed/>
        </article>
    }
    .into_any()
}

#[component]
fn StepView(lesson: &'static Lesson, index: usize, focus: bool) -> impl IntoView {
    let step: &'static LessonStep = &lesson.steps[index];
    let store = expect_context::<ProgressStore>();
    let reporter = use_reporter();
    let session = match netlab_course::start(&step.setup, SEED) {
        Ok(session) => RwSignal::new(session),
        Err(e) => return view! {
            <p class="problem" role="alert">{format!("This step's scenario does not run: {e}")}</p>
        }
        .into_any(),
    };
    let states: Vec<RwSignal<TaskState>> = step
        .tasks
        .iter()
        .map(|_| RwSignal::new(TaskState::Untried))
        .collect();
    let all_passed = {
        let states = states.clone();
        move || states.iter().all(|s| s.get() == TaskState::Passed)
    };
    let done_before = store
        .progress
        .with_untracked(|p| p.step_done(&lesson.id, &step.id));

    // When every task passes: record the step and report it.
    let on_passed = {
        let states = states.clone();
        Callback::new(move |()| {
            if states
                .iter()
                .all(|s| s.get_untracked() == TaskState::Passed)
            {
                record_step_done(store, &reporter, lesson, step);
            }
        })
    };
    // Opened at a given step (a link from a quiz's feedback, or the step list): take
    // the reader there.
    let heading = NodeRef::<leptos::html::H3>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
    }

    let next = lesson.steps.get(index + 1);
    // The step's scenario in the visual lab, which checks the same tasks there.
    let in_lab = format!(
        "{}&{}",
        lab_hash(&encode_payload(&step.setup)),
        tasks_query(&lesson.id, &step.id)
    );
    let heading_id = format!("step-{}-title", step.id);
    let labelled_by = heading_id.clone();
    view! {
        <section
            class="step"
            id=format!("step-{}", step.id)
            data-testid="lesson-step"
            data-step-id=step.id.clone()
            aria-labelledby=labelled_by
        >
            <h3 id=heading_id tabindex="-1" node_ref=heading>
                {format!("Step {} of {}: {}", index + 1, lesson.steps.len(), step.title)}
            </h3>
            <div class="explanation">{rich_paragraphs(&step.explanation)}</div>
            <h4>{if step.tasks.len() == 1 { "Your task" } else { "Your tasks" }}</h4>
            <ol class="tasks">
                {step
                    .tasks
                    .iter()
                    .zip(states.iter().copied())
                    .enumerate()
                    .map(|(i, (task, state))| {
                        view! {
                            <TaskView
                                task=task
                                state=state
                                session=session
                                id=format!("{}-task-{}", step.id, i + 1)
                                on_passed=on_passed
                            />
                        }
                    })
                    .collect_view()}
            </ol>
            <Console session=session id=format!("{}-console", step.id) setup=step.setup.as_str()/>
            <p class="open-in-lab">
                <a data-testid="open-in-lab" href=in_lab>
                    "Open this step's scenario in the visual lab"
                </a>
            </p>
            <div class="step-done" role="status" data-testid="step-status">
                {move || {
                    (all_passed() || done_before).then(|| {
                        view! {
                            <p class="success">
                                <strong>"Step done."</strong> " "
                                {match next {
                                    Some(n) => view! {
                                        <PageLink page=Page::Lesson { id: lesson.id.clone(), step: Some(n.id.clone()) }>
                                            {format!("Next: {}", n.title)}
                                        </PageLink>
                                    }.into_any(),
                                    None => view! {
                                        <PageLink page=Page::Course out=true>"Back to the course"</PageLink>
                                    }.into_any(),
                                }}
                            </p>
                        }
                    })
                }}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn TaskView(
    task: &'static Task,
    state: RwSignal<TaskState>,
    session: RwSignal<Session>,
    id: String,
    on_passed: Callback<()>,
) -> impl IntoView {
    let prompt = move || session.with(|s| expand(&task.prompt, s.vars()));
    let run_check = move |_| {
        let judged = session.with_untracked(|s| judge(task, s));
        let passed = judged == TaskState::Passed;
        state.set(judged);
        if passed {
            on_passed.run(());
        }
    };
    let feedback_id = format!("{id}-feedback");
    view! {
        <li class="task" data-testid="task">
            <p class="prompt" data-testid="task-prompt">{move || rich(&prompt())}</p>
            <button type="button" data-testid="task-check" aria-describedby=feedback_id.clone() on:click=run_check>
                "Check"
            </button>
            <div id=feedback_id class="task-feedback" role="status">
                <TaskFeedback state=state/>
            </div>
        </li>
    }
}
