//! The model's last refusal, with EC2's error code, announced as an alert.

use crate::session::LabSession;
use leptos::prelude::*;

#[component]
pub fn ErrorAlert() -> impl IntoView {
    let session = expect_context::<LabSession>();
    move || {
        session.last_failure().map(|failure| {
            let code = failure.code.clone();
            view! {
                <div class="alert" role="alert" data-testid="error-alert" data-error-code=code>
                    <p>
                        <strong class="alert-code">{failure.code}</strong>
                        ": "
                        {failure.message}
                    </p>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="dismiss-error"
                        on:click=move |_| session.dismiss_failure()
                    >
                        "Dismiss"
                    </button>
                </div>
            }
        })
    }
}
