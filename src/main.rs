//! ec2-netlab: the web app's entry point; it only mounts the app.
fn main() {}
