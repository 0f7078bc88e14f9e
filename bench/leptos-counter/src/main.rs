//! A Leptos counter with the two elements the page benchmark waits for: the floor the
//! lab's navigation budget is calibrated against (BENCHMARKS.md, "Calibration").

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <div data-testid="instance">{move || count.get()}</div>
            <button
                type="button"
                data-testid="traffic-toggle"
                aria-pressed=move || (count.get() > 0).to_string()
                on:click=move |_| count.update(|c| *c += 1)
            >
                "Start traffic"
            </button>
        }
    })
}
