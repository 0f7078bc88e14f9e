//! When the parts below the fold, and what shows nothing until the learner acts, are
//! made: once the page has painted its first frame (the diagram and its controls) and the
//! wasm's later part is in, one part per task, so that the browser can handle input and
//! paint between them (BENCHMARKS.md, "Page" and "The wasm in two parts").

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `N` signals that turn true one after another once the frame being prepared now has
/// been painted and the wasm's later part is in, each in its own task: a task queued from
/// a frame callback runs after that frame's paint, and each later one is queued by the
/// one before.
pub fn stages<const N: usize>() -> [ReadSignal<bool>; N] {
    let pairs: [_; N] = std::array::from_fn(|_| signal(false));
    let setters: Vec<WriteSignal<bool>> = pairs.iter().map(|(_, set)| *set).collect();
    request_animation_frame(move || after_later_part(move || next_stage(setters, 0)));
    pairs.map(|(get, _)| get)
}

/// Runs `then` once the wasm's later part is in. A release build's lab starts on the
/// first part alone, and what it makes after its first frame is code of the later part:
/// `src/split/later.js` gives the promise of it as `netlabLaterPart`, so that those parts
/// wait for it rather than load it synchronously. Without that promise (a debug build's
/// whole wasm, or a page that started with both parts) `then` runs at once.
fn after_later_part(then: impl FnOnce() + 'static) {
    let pending = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("netlabLaterPart"))
        .ok()
        .and_then(|value| value.dyn_into::<js_sys::Promise>().ok());
    match pending {
        None => then(),
        Some(promise) => leptos::task::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
            then();
        }),
    }
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
