//! The course's content, kept out of the wasm: the first course page fetches the JSON
//! file the build puts next to the app (`netlab_course::COURSE_JSON_FILE`) and hands it
//! to `netlab_course::load`; the pages show once it is read.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing asked for the course yet.
    Idle,
    Loading,
    Ready,
    /// Why the course could not be fetched or read.
    Failed(String),
}

/// Shared as context by the site.
#[derive(Clone, Copy)]
pub struct CourseData(RwSignal<Status>);

impl CourseData {
    pub fn new() -> Self {
        let ready = netlab_course::try_course().is_some();
        Self(RwSignal::new(if ready {
            Status::Ready
        } else {
            Status::Idle
        }))
    }

    /// The status (tracked).
    pub fn status(self) -> Status {
        self.0.get()
    }

    /// Starts fetching the course unless it is there or on its way (a failed fetch is
    /// tried again).
    pub fn ensure(self) {
        if matches!(self.0.get_untracked(), Status::Loading | Status::Ready) {
            return;
        }
        self.0.set(Status::Loading);
        leptos::task::spawn_local(async move {
            let result = fetch_text(netlab_course::COURSE_JSON_FILE)
                .await
                .and_then(|json| {
                    netlab_course::load(&json)
                        .map(|_| ())
                        .map_err(|e| format!("it is not a valid course: {e}"))
                });
            self.0.set(match result {
                Ok(()) => Status::Ready,
                Err(why) => Status::Failed(why),
            });
        });
    }
}

impl Default for CourseData {
    fn default() -> Self {
        Self::new()
    }
}

fn describe(error: wasm_bindgen::JsValue) -> String {
    error
        .as_string()
        .or_else(|| {
            js_sys::JSON::stringify(&error)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_else(|| "the request failed".into())
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into::<web_sys::Response>()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("{url} answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    text.as_string().ok_or_else(|| format!("{url} is not text"))
}
