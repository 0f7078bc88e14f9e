//! The root component: the page header and the lab.

use crate::lab::Lab;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="site-header">
            <h1>"EC2 Network Lab"</h1>
            <p class="tagline">
                "A default VPC, its subnets, and the instances you launch: watch each network interface get its private and public IPv4 address."
            </p>
        </header>
        <Lab />
    }
}
