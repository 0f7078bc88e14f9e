//! ec2-netlab: the web app's entry point; it only mounts the app.

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
    leptos::mount::mount_to_body(app::App);
}
