//! The 10,000-step benchmark script, stage by stage: parsing it, running its steps,
//! writing their JSON lines and freeing it all, each the best of 25 runs, so that a busy
//! machine moves the figures less than criterion's averages.
//!
//! `cargo run --profile native -p netlab-model --example script_stages` (the `netlab`
//! command's build), and `--release` for the wasm's (`opt-level = "z"`).

#[path = "../benches/support/scenario.rs"]
mod scenario;

#[path = "../benches/support/discarded.rs"]
mod discarded;

use netlab_model::runner::{run_script, write_json_lines, Vars};
use netlab_model::script::parse;
use netlab_model::World;
use std::io::Write;
use std::time::{Duration, Instant};

const RUNS: usize = 25;

/// The best time of each stage, and of the four together.
#[derive(Default)]
struct Best {
    parse: Option<Duration>,
    run: Option<Duration>,
    lines: Option<Duration>,
    free: Option<Duration>,
    total: Option<Duration>,
}

fn keep_best(best: &mut Option<Duration>, time: Duration) {
    *best = Some(best.map_or(time, |b| b.min(time)));
}

fn ms(time: Option<Duration>) -> f64 {
    time.unwrap_or_default().as_secs_f64() * 1e3
}

fn main() {
    let text = scenario::script(10_000);
    let mut best = Best::default();
    for _ in 0..RUNS {
        let start = Instant::now();
        let Ok(script) = parse(&text) else {
            eprintln!("the scenario script does not parse");
            return;
        };
        let parsed = Instant::now();
        let mut world = World::new(0);
        let results = run_script(&mut world, &mut Vars::new(), &script);
        let ran = Instant::now();
        let mut out = discarded::stdout_like();
        if write_json_lines(&results, &mut out)
            .and_then(|()| out.flush())
            .is_err()
        {
            eprintln!("the JSON lines could not be written");
            return;
        }
        let written = Instant::now();
        drop((results, world, script, out));
        let freed = Instant::now();
        keep_best(&mut best.parse, parsed - start);
        keep_best(&mut best.run, ran - parsed);
        keep_best(&mut best.lines, written - ran);
        keep_best(&mut best.free, freed - written);
        keep_best(&mut best.total, freed - start);
    }
    println!(
        "best of {RUNS}: parse {:.1} ms, run {:.1} ms, lines {:.1} ms, free {:.1} ms; total {:.1} ms",
        ms(best.parse),
        ms(best.run),
        ms(best.lines),
        ms(best.free),
        ms(best.total)
    );
}
