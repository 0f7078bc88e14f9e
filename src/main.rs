//! ec2-netlab: the web app's entry point; it mounts the app in place of the page's
//! loading note.

mod app;
mod course;
mod embed;
mod lab;
mod replay;
mod route;
mod session;
mod site;

fn main() {
    console_error_panic_hook::set_once();
    // index.html says the app is loading until now: the note goes in the task that draws
    // the app, so the page never shows both or neither.
    if let Some(note) = leptos::prelude::document().get_element_by_id("page-loading") {
        note.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
