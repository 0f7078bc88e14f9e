//! Whether the page has painted its first frame: the lab draws the panels below the
//! diagram only then, so that the first frame (the diagram and its controls) comes
//! sooner (BENCHMARKS.md, "Page").

use leptos::prelude::*;
use std::time::Duration;

/// A signal that turns true once the frame being prepared now has been painted: a task
/// queued from a frame callback runs after that frame's paint.
pub fn first_paint_done() -> ReadSignal<bool> {
    let (painted, set_painted) = signal(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                set_painted.try_set(true);
            },
            Duration::ZERO,
        );
    });
    painted
}
