//! The root component: routes each page to the lab or the course.

use crate::course;
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

/// The lab (its shell, until the visual lab lands).
#[component]
fn Lab() -> impl IntoView {
    view! {
        <div class="lab" data-testid="lab">
            <svg class="diagram" data-testid="diagram" role="img" aria-label="Network diagram" viewBox="0 0 800 400"></svg>
        </div>
    }
}
