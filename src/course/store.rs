//! The learner's progress, kept in local storage and shared with the pages as context.
//!
//! Every change re-reads what is stored first and writes the merged result, so that
//! several embedded frames or tabs of the app recording progress at once do not undo
//! each other's work; a `storage` event from another of them refreshes the pages.

use super::progress::{Progress, STORAGE_KEY};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ProgressStore {
    pub progress: RwSignal<Progress>,
    /// Why stored progress could not be read or kept, for the learner.
    pub problem: RwSignal<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The stored progress: `Ok(None)` when there is none.
fn read() -> Result<Option<Progress>, String> {
    let storage = storage().ok_or_else(|| {
        "This browser does not let the course keep your progress (local storage is unavailable), so it will be lost when you leave.".to_string()
    })?;
    match storage.get_item(STORAGE_KEY) {
        Ok(Some(text)) => Progress::from_json(&text).map(Some).map_err(|why| {
            format!("Your saved progress could not be read and was ignored: {why}. Reset progress to clear it.")
        }),
        _ => Ok(None),
    }
}

impl ProgressStore {
    /// Reads the stored progress and follows changes made by other tabs and frames.
    pub fn load() -> Self {
        let (progress, problem) = match read() {
            Ok(p) => (p.unwrap_or_default(), None),
            Err(why) => (Progress::default(), Some(why)),
        };
        let store = ProgressStore {
            progress: RwSignal::new(progress),
            problem: RwSignal::new(problem),
        };
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() == Some(STORAGE_KEY) || ev.key().is_none() {
                match read() {
                    Ok(p) => store.progress.set(p.unwrap_or_default()),
                    Err(why) => store.problem.set(Some(why)),
                }
            }
        });
        on_cleanup(move || handle.remove());
        store
    }

    /// Changes the progress and stores it.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        let mut current = match read() {
            Ok(Some(stored)) => stored,
            _ => self.progress.get_untracked(),
        };
        change(&mut current);
        if let Some(storage) = storage() {
            if storage.set_item(STORAGE_KEY, &current.to_json()).is_err() {
                self.problem.set(Some(
                    "Your progress could not be saved: the browser's storage refused it.".into(),
                ));
            }
        }
        self.progress.set(current);
    }

    /// Forgets all progress, and any problem with the stored data.
    pub fn reset(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
        self.progress.set(Progress::default());
        self.problem.set(None);
    }
}
