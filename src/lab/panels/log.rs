//! The steps taken in this session, as the AWS CLI commands they are.

use crate::session::LabSession;
use leptos::prelude::*;

#[component]
pub fn ActionLog() -> impl IntoView {
    let session = expect_context::<LabSession>();
    view! {
        <section class="panel" aria-labelledby="log-heading">
            <h2 id="log-heading">"AWS CLI steps"</h2>
            <ol class="action-log" data-testid="action-log" tabindex="0" aria-labelledby="log-heading">
                {move || {
                    session
                        .steps()
                        .into_iter()
                        .map(|step| view! { <li><code>{step}</code></li> })
                        .collect_view()
                }}
            </ol>
        </section>
    }
}
