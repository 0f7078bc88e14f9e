//! The root component: routes each page to the lab or the course.

use crate::course;
use crate::lab::Lab;
use crate::route::Page;
use crate::site::Site;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! { <Site render=route/> }
}

/// The component that shows a page.
fn route(page: Page) -> AnyView {
    match page {
        Page::Lab => view! { <Lab/> }.into_any(),
        page => course::page(page),
    }
}
