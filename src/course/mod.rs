//! The course: its index with the learner's progress, the lesson runner, the quiz
//! widgets, and the task panel of a lab opened from a lesson step, all over the
//! `netlab-course` crate (content and grading) and the model sessions it starts. Plain
//! logic lives in `console` (`run_input`), `items`, `markup` and `progress`, tested
//! natively; the components only show it.

pub mod console;
pub mod data;
pub mod index;
pub mod items;
pub mod lab_tasks;
pub mod lesson;
pub mod markup;
pub mod progress;
pub mod quiz;
pub mod store;
pub mod tasks;

use crate::embed::{app_base, Reporter};
use crate::route::{site_href, Page, Route};
use leptos::prelude::*;
use markup::{paragraphs, spans, Style};

/// The seed of every session the course starts.
pub const SEED: u64 = 0;

/// One paragraph of course text, with its `code` and **bold** spans.
pub fn rich(text: &str) -> impl IntoView {
    spans(text)
        .into_iter()
        .map(|span| match span.style {
            Style::Plain => span.text.into_any(),
            Style::Code => view! { <code>{span.text}</code> }.into_any(),
            Style::Bold => view! { <strong>{span.text}</strong> }.into_any(),
        })
        .collect_view()
}

/// Course text as paragraphs.
pub fn rich_paragraphs(text: &str) -> impl IntoView {
    paragraphs(text)
        .into_iter()
        .map(|p| view! { <p>{rich(&p)}</p> })
        .collect_view()
}

/// The current route.
pub fn use_route() -> ReadSignal<Route> {
    expect_context::<ReadSignal<Route>>()
}

pub fn use_reporter() -> Reporter {
    use_context::<Reporter>().unwrap_or_default()
}

/// A link to another page that stays in the current mode; in an embedded page, a link
/// to the course's lessons opens the full site in a new tab instead.
#[component]
pub fn PageLink(
    page: Page,
    children: Children,
    /// Leave the embedding: open the page on the full site in a new tab.
    #[prop(optional)]
    out: bool,
) -> impl IntoView {
    let route = use_route().get_untracked();
    if out && route.embed {
        let href = format!("{}{}", app_base(), site_href(&page));
        view! {
            <a href=href target="_blank" rel="noopener">
                {children()}
                <span class="visually-hidden">" (opens in a new tab)"</span>
            </a>
        }
        .into_any()
    } else {
        view! { <a href=route.href(&page)>{children()}</a> }.into_any()
    }
}

/// A page for an id the course does not have.
#[component]
pub fn Missing(what: &'static str, id: String) -> impl IntoView {
    view! {
        <section class="page missing" aria-labelledby="missing-title">
            <h2 id="missing-title" tabindex="-1">{format!("No such {what}")}</h2>
            <p>"The course has no " {what} " called " <code>{id}</code> "."</p>
            <p><PageLink page=Page::Course out=true>"See all lessons and quizzes"</PageLink></p>
        </section>
    }
}

/// The component of a course page (the course index, a lesson, a quiz), or of a page
/// that does not exist.
pub fn page(page: Page) -> AnyView {
    let body = if matches!(page, Page::Lab | Page::NotFound(_)) {
        page_body(page)
    } else {
        // The course's content arrives with the first course page (see `data`).
        let data = use_context::<data::CourseData>().unwrap_or_default();
        data.ensure();
        (move || match data.status() {
            data::Status::Ready => page_body(page.clone()),
            data::Status::Failed(why) => view! {
                <section class="page missing" role="alert">
                    <h2>"The course could not be loaded"</h2>
                    <p>{format!("Reload the page to try again ({why}).")}</p>
                </section>
            }
            .into_any(),
            data::Status::Idle | data::Status::Loading => view! {
                <p class="page" role="status">"Loading the course…"</p>
            }
            .into_any(),
        })
        .into_any()
    };
    view! { <main class="course-main">{body}</main> }.into_any()
}

fn page_body(page: Page) -> AnyView {
    match page {
        Page::Course => view! { <index::CourseIndex/> }.into_any(),
        Page::Lesson { id, step } => view! { <lesson::LessonPage id=id step=step/> }.into_any(),
        Page::Quiz { id } => view! { <quiz::QuizPage id=id/> }.into_any(),
        Page::Lab | Page::NotFound(_) => {
            let path = use_route().get_untracked().page.path();
            view! {
                <section class="page missing">
                    <h2>"Page not found"</h2>
                    <p>"Nothing here at " <code>{format!("#/{path}")}</code> "."</p>
                    <p><a href="#/course">"See the course"</a> " or " <a href="#/lab">"open the lab"</a> "."</p>
                </section>
            }
            .into_any()
        }
    }
}
