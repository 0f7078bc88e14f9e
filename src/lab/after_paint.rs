//! When the parts below the fold, and what shows nothing until the learner acts, are
//! made: once the page has painted its first frame (the diagram and its controls), one
//! part per task, so that the browser can handle input and paint between them
//! (BENCHMARKS.md, "Page").

use leptos::prelude::*;
use std::time::Duration;

/// `N` signals that turn true one after another once the frame being prepared now has
/// been painted, each in its own task: a task queued from a frame callback runs after
/// that frame's paint, and each later one is queued by the one before.
pub fn stages<const N: usize>() -> [ReadSignal<bool>; N] {
    let pairs: [_; N] = std::array::from_fn(|_| signal(false));
    let setters: Vec<WriteSignal<bool>> = pairs.iter().map(|(_, set)| *set).collect();
    request_animation_frame(move || next_stage(setters, 0));
    pairs.map(|(get, _)| get)
}

/// Queues a task that turns stage `i` true and then queues the next stage's.
fn next_stage(setters: Vec<WriteSignal<bool>>, i: usize) {
    set_timeout(
        move || {
            if let Some(set) = setters.get(i) {
                set.try_set(true);
                next_stage(setters, i + 1);
            }
        },
        Duration::ZERO,
    );
}

/// Runs `start` once `stage` has turned true (untracked, so that what it creates is not
/// a dependency of the wait): for work that can wait for the first frame.
pub fn once(stage: ReadSignal<bool>, start: impl Fn() + 'static) {
    Effect::new(move |_| {
        if stage.get() {
            untrack(&start);
        }
    });
}
