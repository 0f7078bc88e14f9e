//! `#/quiz/ID`: a quiz item (or every item of a quiz) as a widget the model grades.
//!
//! Multiple-choice and predict-the-outcome items are a native radio group (or a text
//! field for a typed prediction); a lab task is a console on a session started from the
//! item's setup. Nothing on the page tells the right answer before the learner answers:
//! the page holds only the choices' labels, and grading (`netlab_course::grade`) runs
//! when the learner submits.

use super::console::Console;
use super::items::{choice_labels, display_order, feedback_paragraphs, kind_name, title};
use super::store::ProgressStore;
use super::{rich, rich_paragraphs, use_reporter, use_route, Missing, PageLink, SEED};
use crate::embed::messages::Activity;
use crate::route::Page;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use netlab_course::{expand, grade, Grade, Quiz, QuizItem, QuizKind};
use netlab_model::session::Session;

#[component]
pub fn QuizPage(id: String) -> impl IntoView {
    let embed = use_route().get_untracked().embed;
    let crumbs = move |title: String| {
        (!embed).then(|| {
            view! {
                <nav class="crumbs" aria-label="Breadcrumb">
                    <a href="#/course">"Course"</a> " › " <span>{title}</span>
                </nav>
            }
        })
    };
    if let Some(item) = netlab_course::quiz_item(&id) {
        let quiz_title = netlab_course::course()
            .quizzes
            .iter()
            .find(|q| q.items.iter().any(|i| i.id == item.id))
            .map_or_else(|| "Quiz".to_string(), |q| q.title.clone());
        return view! {
            <section class="page quiz-page">
                {crumbs(quiz_title.clone())}
                <h2 class="quiz-page-title">{quiz_title}</h2>
                <QuizItemView item=item number=None/>
            </section>
        }
        .into_any();
    }
    if let Some(quiz) = netlab_course::course().quizzes.iter().find(|q| q.id == id) {
        return view! {
            <section class="page quiz-page">
                {crumbs(quiz.title.clone())}
                <QuizSet quiz=quiz/>
            </section>
        }
        .into_any();
    }
    view! { <Missing what="quiz" id=id/> }.into_any()
}

/// Every item of a quiz; answering all of them completes the quiz.
#[component]
fn QuizSet(quiz: &'static Quiz) -> impl IntoView {
    let reporter = use_reporter();
    let results = RwSignal::new(vec![None::<bool>; quiz.items.len()]);
    let reported = RwSignal::new(false);
    let on_graded = Callback::new(move |(index, success): (usize, bool)| {
        results.update(|r| r[index] = Some(success));
        let all = results.with_untracked(|r| r.iter().all(Option::is_some));
        if all && !reported.get_untracked() {
            reported.set(true);
            let right = results.with_untracked(|r| r.iter().filter(|x| **x == Some(true)).count());
            let total = quiz.items.len().max(1);
            reporter.completed(
                Activity::Assessment,
                Page::Quiz {
                    id: quiz.id.clone(),
                }
                .path(),
                quiz.title.clone(),
                right == total,
                right as f64 / total as f64,
            );
        }
    });
    let summary = move || {
        results.with(|r| {
            let answered = r.iter().filter(|x| x.is_some()).count();
            let right = r.iter().filter(|x| **x == Some(true)).count();
            format!("{answered} of {} answered, {right} right.", r.len())
        })
    };
    view! {
        <h2>{quiz.title.clone()}</h2>
        <p class="meta" role="status" data-testid="quiz-set-summary">{summary}</p>
        <ol class="quiz-set">
            {quiz
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    view! {
                        <li>
                            <QuizItemView
                                item=item
                                number=Some(i + 1)
                                on_graded=Callback::new(move |success: bool| on_graded.run((i, success)))
                            />
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// One quiz item: the question, the answer control, submit, feedback and retry.
#[component]
pub fn QuizItemView(
    item: &'static QuizItem,
    number: Option<usize>,
    #[prop(optional)] on_graded: Option<Callback<bool>>,
) -> impl IntoView {
    let store = expect_context::<ProgressStore>();
    let reporter = use_reporter();
    let selected = RwSignal::new(None::<usize>);
    let typed = RwSignal::new(String::new());
    let graded = RwSignal::new(None::<Grade>);
    let nudge = RwSignal::new(None::<&'static str>);
    let feedback_ref = NodeRef::<leptos::html::Div>::new();
    let first_control = NodeRef::<leptos::html::Div>::new();
    let dom_id = format!("quiz-{}", item.id);
    let question_id = format!("{dom_id}-question");
    let heading_id = format!("{dom_id}-heading");
    let labelled_by = heading_id.clone();

    let lab = match &item.kind {
        QuizKind::LabTask { setup, .. } => Some((
            RwSignal::new(netlab_course::start(setup, SEED).unwrap_or_else(|_| Session::new(SEED))),
            setup.as_str(),
        )),
        _ => None,
    };
    let labels = choice_labels(item);
    let typed_answer =
        matches!(&item.kind, QuizKind::Predict { choices, .. } if choices.is_empty());

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if graded.get_untracked().is_some() {
            return;
        }
        let (answer, response) = match (&item.kind, lab) {
            (QuizKind::LabTask { .. }, _) => (String::new(), None),
            _ if typed_answer => {
                let text = typed.get_untracked();
                if text.trim().is_empty() {
                    nudge.set(Some("Type your prediction first."));
                    return;
                }
                (text.clone(), Some(text))
            }
            _ => match selected.get_untracked() {
                Some(i) => (
                    i.to_string(),
                    choice_labels(item).get(i).map(|l| l.to_string()),
                ),
                None => {
                    nudge.set(Some("Choose an answer first."));
                    return;
                }
            },
        };
        nudge.set(None);
        let result = match lab {
            Some((session, _)) => session.with_untracked(|s| grade(item, &answer, Some(s))),
            None => grade(item, &answer, None),
        };
        store.update(|p| p.record_quiz(&item.id, result.success, result.score_scaled));
        reporter.answered(
            Page::Quiz {
                id: item.id.clone(),
            }
            .path(),
            title(item).to_string(),
            result.success,
            result.score_scaled,
            response,
        );
        if let Some(cb) = on_graded {
            cb.run(result.success);
        }
        graded.set(Some(result));
        request_animation_frame(move || {
            if let Some(el) = feedback_ref.get_untracked() {
                let _ = el.focus();
            }
        });
    };
    let retry = move |_| {
        graded.set(None);
        selected.set(None);
        typed.set(String::new());
        request_animation_frame(move || {
            if let Some(wrap) = first_control.get_untracked() {
                if let Ok(Some(el)) = wrap.query_selector("input, textarea") {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        });
    };
    let answered = move || graded.with(Option::is_some);

    let heading = match number {
        Some(n) => format!("Question {n} · {}", kind_name(item)),
        None => kind_name(item).to_string(),
    };

    let body = match &item.kind {
        QuizKind::MultipleChoice { question, .. } => view! {
            <ChoiceGroup
                item=item
                legend=question.as_str()
                labels=labels.clone()
                selected=selected
                disabled=Signal::derive(answered)
            />
        }
        .into_any(),
        QuizKind::Predict {
            script, question, ..
        } => {
            let control = if typed_answer {
                let input_id = format!("{dom_id}-answer");
                view! {
                    <div class="typed-answer">
                        <label for=input_id.clone()>{rich(question)}</label>
                        <input
                            id=input_id
                            type="text"
                            data-testid="quiz-answer"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                            prop:disabled=answered
                        />
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <ChoiceGroup
                        item=item
                        legend=question.as_str()
                        labels=labels.clone()
                        selected=selected
                        disabled=Signal::derive(answered)
                    />
                }
                .into_any()
            };
            view! {
                <p>"This script runs in a fresh account:"</p>
                <pre class="script" tabindex="0" aria-label="The script"><code>{script.trim().to_string()}</code></pre>
                {control}
            }
            .into_any()
        }
        QuizKind::LabTask { prompt, .. } => {
            let (session, setup) = lab.expect("a lab task has a session");
            view! {
                <p class="prompt" id=question_id.clone()>
                    {move || session.with(|s| rich(&expand(prompt, s.vars())))}
                </p>
                <Console session=session id=format!("{dom_id}-console") setup=setup/>
            }
            .into_any()
        }
    };
    let is_lab = lab.is_some();

    view! {
        <section class="quiz" data-testid="quiz" data-quiz-id=item.id.clone() aria-labelledby=labelled_by>
            <h3 id=heading_id class="quiz-kind">{heading}</h3>
            <form on:submit=submit novalidate>
                <div node_ref=first_control>{body}</div>
                <p class="nudge" role="alert">{move || nudge.get()}</p>
                <div class="quiz-actions">
                    {move || {
                        (!answered()).then(|| {
                            view! {
                                <button type="submit" data-testid="quiz-submit">
                                    {if is_lab { "Check my work" } else { "Submit answer" }}
                                </button>
                            }
                            .into_any()
                        })
                    }}
                </div>
            </form>
            <div
                class="quiz-feedback-wrap"
                node_ref=feedback_ref
                tabindex="-1"
                aria-live="polite"
            >
                {move || graded.get().map(|g| view! { <Feedback grade=g on_retry=Callback::new(retry)/> })}
            </div>
        </section>
    }
}

/// The answer as a radio group: one native radio per choice, labelled, in the display
/// order. Arrow keys move between choices and select; Space selects.
#[component]
fn ChoiceGroup(
    item: &'static QuizItem,
    legend: &'static str,
    labels: Vec<&'static str>,
    selected: RwSignal<Option<usize>>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let name = format!("quiz-{}-choice", item.id);
    view! {
        <fieldset class="choices">
            <legend>{rich(legend)}</legend>
            {display_order(&item.id, labels.len())
                .into_iter()
                .map(|i| {
                    let label = labels[i];
                    view! {
                        <label class="choice" class:chosen=move || selected.get() == Some(i)>
                            <input
                                type="radio"
                                name=name.clone()
                                value=i.to_string()
                                data-testid="quiz-choice"
                                prop:checked=move || selected.get() == Some(i)
                                prop:disabled=move || disabled.get()
                                on:change=move |_| selected.set(Some(i))
                            />
                            <span>{rich(label)}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// What the learner sees after answering: right or not, why, where it is taught, and
/// the control to try again.
#[component]
fn Feedback(grade: Grade, on_retry: Callback<leptos::ev::MouseEvent>) -> impl IntoView {
    let review = netlab_course::lesson_step(&grade.lesson).map(|(lesson, step)| {
        (
            Page::Lesson {
                id: lesson.id.clone(),
                step: Some(step.id.clone()),
            },
            format!("Review: {} › {}", lesson.title, step.title),
        )
    });
    let paragraphs: Vec<String> = feedback_paragraphs(&grade.feedback)
        .into_iter()
        .map(str::to_string)
        .collect();
    view! {
        <div
            class="quiz-feedback"
            class:success=grade.success
            data-testid="quiz-feedback"
            data-success=grade.success.to_string()
        >
            <p class="verdict">
                <strong>{if grade.success { "Correct" } else { "Not correct" }}</strong>
                {format!(" · score {}%", (grade.score_scaled * 100.0).round() as u32)}
            </p>
            {paragraphs
                .into_iter()
                .map(|p| view! { <div class="feedback-text">{rich_paragraphs(&p.replace('\n', "\n\n"))}</div> })
                .collect_view()}
            {review.map(|(page, text)| {
                view! { <p class="review"><PageLink page=page out=true>{text}</PageLink></p> }
            })}
            <button type="button" data-testid="quiz-retry" on:click=move |ev| on_retry.run(ev)>"Try again"</button>
        </div>
    }
}
