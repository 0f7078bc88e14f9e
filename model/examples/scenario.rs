//! Prints the benchmark scenario script: `cargo run -p netlab-model --example scenario -- 1000`.

#[path = "../benches/support/scenario.rs"]
mod scenario;

fn main() {
    let steps = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    print!("{}", scenario::script(steps));
}
