//! `#/course`: every lesson and quiz item, with the learner's progress and its reset.

use super::items;
use super::store::ProgressStore;
use super::PageLink;
use crate::route::Page;
use leptos::prelude::*;
use netlab_course::course;

#[component]
pub fn CourseIndex() -> impl IntoView {
    let store = expect_context::<ProgressStore>();
    let progress = store.progress;
    let total_steps: usize = course().lessons.iter().map(|l| l.steps.len()).sum();
    let total_items = netlab_course::quiz_items().count();
    let cleared = RwSignal::new(false);

    let summary = move || {
        progress.with(|p| {
            let steps = course()
                .lessons
                .iter()
                .flat_map(|l| l.steps.iter().map(move |s| (l, s)))
                .filter(|(l, s)| p.step_done(&l.id, &s.id))
                .count();
            let answered = netlab_course::quiz_items()
                .filter(|i| p.quiz.contains_key(&i.id))
                .count();
            let right = netlab_course::quiz_items()
                .filter(|i| p.quiz.get(&i.id).is_some_and(|r| r.success))
                .count();
            format!(
                "{steps} of {total_steps} lesson steps done; {answered} of {total_items} quiz items answered, {right} of them right."
            )
        })
    };
    let reset = move |_| {
        store.reset();
        cleared.set(true);
    };

    view! {
        <section class="page course" aria-labelledby="course-title">
            <h2 id="course-title" tabindex="-1">"Course"</h2>
            <p class="lead">
                "Lessons teach one topic each, step by step, in a small lab console; quizzes check what stuck. Everything is checked by the same model of EC2 that runs the lab."
            </p>
            <div class="progress-box" data-testid="progress">
                <h3>"Your progress"</h3>
                <p data-testid="progress-summary">{summary}</p>
                {move || {
                    store.problem.get().map(|why| {
                        view! { <p class="problem" role="alert" data-testid="progress-error">{why}</p> }
                    })
                }}
                <button type="button" data-testid="progress-reset" on:click=reset>"Reset progress"</button>
                <p class="status" role="status">
                    {move || (cleared.get() && progress.with(|p| p.is_empty())).then_some("Progress cleared.")}
                </p>
            </div>

            <h3>"Lessons"</h3>
            <ol class="lesson-list">
                {course()
                    .lessons
                    .iter()
                    .map(|lesson| {
                        let steps = lesson.steps.len();
                        let done = move || {
                            progress.with(|p| {
                                lesson.steps.iter().filter(|s| p.step_done(&lesson.id, &s.id)).count()
                            })
                        };
                        view! {
                            <li class="lesson-card">
                                <a
                                    href=format!("#/lesson/{}", crate::route::encode(&lesson.id))
                                    data-testid="lesson-link"
                                    data-lesson-id=lesson.id.clone()
                                >
                                    {lesson.title.clone()}
                                </a>
                                <p>{lesson.summary.clone()}</p>
                                <p class="meta" data-testid="lesson-progress" data-done=move || done().to_string()>
                                    {move || {
                                        let d = done();
                                        if d == steps {
                                            format!("All {steps} steps done")
                                        } else {
                                            format!("{d} of {steps} steps done")
                                        }
                                    }}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>

            <h3>"Quizzes"</h3>
            {course()
                .quizzes
                .iter()
                .map(|quiz| {
                    let heading = format!("quiz-{}-title", quiz.id);
                    let labelled_by = heading.clone();
                    view! {
                        <section class="quiz-group" aria-labelledby=labelled_by>
                            <h4 id=heading>
                                {quiz.title.clone()} " "
                                <PageLink page=Page::Quiz { id: quiz.id.clone() }>
                                    {format!("(all {} items)", quiz.items.len())}
                                </PageLink>
                            </h4>
                            <ul class="quiz-list">
                                {quiz
                                    .items
                                    .iter()
                                    .map(|item| {
                                        let status = move || {
                                            progress.with(|p| match p.quiz.get(&item.id) {
                                                None => ("untried", "Not tried yet"),
                                                Some(r) if r.success => ("right", "Answered right"),
                                                Some(_) => ("wrong", "Not right yet"),
                                            })
                                        };
                                        view! {
                                            <li>
                                                <a
                                                    href=format!("#/quiz/{}", crate::route::encode(&item.id))
                                                    data-testid="quiz-link"
                                                    data-quiz-id=item.id.clone()
                                                >
                                                    {items::title(item).to_string()}
                                                </a>
                                                <span class="meta">
                                                    {items::kind_name(item)} " · "
                                                    <span class=move || format!("badge {}", status().0) data-testid="quiz-status">
                                                        {move || status().1}
                                                    </span>
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}
