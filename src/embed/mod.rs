//! Embedding: the frame's side of the conversation with a host page.
//!
//! `embed.js` (next to this file, copied into the build) turns a host page's
//! `<div data-netlab="quiz/ID">` into an iframe of `APP/#/quiz/ID?embed=1&origin=...`.
//! Here the embedded page says `ready`, reports its height whenever it changes, posts a
//! statement for each answer and completion, and answers a host's `ping`. Every message's
//! shape is defined in [`messages`], and only there.

pub mod messages;

use crate::route::Route;
use leptos::prelude::*;
use messages::{Activity, Incoming, Outgoing, Statement, Verb};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The connection to the host page, when the page is embedded and knows whom to tell.
#[derive(Clone, Debug)]
pub struct Host {
    /// The origin messages are posted to (`*` only when the host asked for it).
    target: String,
    /// The app's address without its hash, for statement ids.
    app: String,
}

/// What the pages use to report learner actions: a no-op outside an embedding.
#[derive(Clone, Debug, Default)]
pub struct Reporter(pub Option<Host>);

/// The app's address without its hash.
pub fn app_base() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

fn parent() -> Option<web_sys::Window> {
    let me = window();
    let parent = me.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &me)).then_some(parent)
}

impl Host {
    /// Connects an embedded page to its parent; `None` when the page is not in a frame or
    /// has no valid target origin.
    pub fn connect(route: &Route) -> Option<Host> {
        parent()?;
        let target = messages::target_origin(route.origin.as_deref())?;
        Some(Host {
            target,
            app: app_base(),
        })
    }

    pub fn post(&self, message: &Outgoing) {
        let Some(parent) = parent() else { return };
        let text = message.to_json().to_string();
        if let Ok(value) = js_sys::JSON::parse(&text) {
            let _ = parent.post_message(&value, &self.target);
        }
    }

    /// Answers a host's `ping` with `ready` and `height()`; everything else is ignored.
    pub fn listen(&self, page: impl Fn() -> String + 'static, height: impl Fn() -> u32 + 'static) {
        let host = self.clone();
        let handle = window_event_listener(leptos::ev::message, move |ev| {
            if host.target != "*" && ev.origin() != host.target {
                return;
            }
            let from_parent = match (ev.source(), parent()) {
                (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                _ => false,
            };
            if !from_parent {
                return;
            }
            let data = ev.data();
            let text = match data.as_string() {
                Some(text) => text,
                None => match js_sys::JSON::stringify(&data) {
                    Ok(text) => String::from(text),
                    Err(_) => return,
                },
            };
            if let Some(Incoming::Ping) = messages::parse_incoming(&text) {
                host.post(&Outgoing::Ready { page: page() });
                host.post(&Outgoing::Resize { height: height() });
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Reports the height of `element` now and whenever it changes.
    pub fn follow_height(&self, element: web_sys::Element) {
        let host = self.clone();
        let last = std::cell::Cell::new(0u32);
        let measure = element.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let height = height_of(&measure);
            if height != last.get() {
                last.set(height);
                host.post(&Outgoing::Resize { height });
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
        }
        // The observer lives as long as the page.
        callback.forget();
    }

    /// Posts a statement about the page at `path`.
    #[allow(clippy::too_many_arguments)]
    pub fn statement(
        &self,
        verb: Verb,
        activity: Activity,
        path: String,
        name: String,
        success: bool,
        score_scaled: f64,
        response: Option<String>,
    ) {
        self.post(&Outgoing::Statement(Statement {
            verb,
            activity,
            app: self.app.clone(),
            path,
            name,
            success,
            score_scaled,
            response,
        }));
    }
}

/// An element's height in whole CSS pixels, rounded up, margins of its content included.
pub fn height_of(element: &web_sys::Element) -> u32 {
    let rect = element.get_bounding_client_rect();
    rect.height().max(0.0).ceil() as u32
}

impl Reporter {
    pub fn answered(
        &self,
        path: String,
        name: String,
        success: bool,
        score: f64,
        response: Option<String>,
    ) {
        if let Some(host) = &self.0 {
            host.statement(
                Verb::Answered,
                Activity::Question,
                path,
                name,
                success,
                score,
                response,
            );
        }
    }

    pub fn completed(
        &self,
        activity: Activity,
        path: String,
        name: String,
        success: bool,
        score: f64,
    ) {
        if let Some(host) = &self.0 {
            host.statement(Verb::Completed, activity, path, name, success, score, None);
        }
    }
}
