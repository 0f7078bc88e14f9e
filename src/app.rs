//! The root component: the page header and the lab.

use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="site-header">
            <h1>"EC2 Network Lab"</h1>
            <p class="tagline">"Launch instances and watch their network interfaces and addresses."</p>
        </header>
        <main class="lab" data-testid="lab">
            <svg class="diagram" data-testid="diagram" role="img" aria-label="Network diagram" viewBox="0 0 800 400"></svg>
        </main>
    }
}
