//! The `netlab` command: runs AWS CLI scripts against the model and prints one JSON line
//! per step.

use netlab_model::render::export;
use netlab_model::runner::{run_script, syntax_error_line, write_json_lines, Vars};
use netlab_model::script::parse;
use netlab_model::World;
use std::io::{Read, Write};
use std::process::ExitCode;

/// mimalloc rather than the system's allocator: a script's steps make and free many small
/// strings and lists, and with it the 10,000-step benchmark script runs about a tenth
/// faster (BENCHMARKS.md, "Model"). The wasm app keeps the standard library's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
netlab: a deterministic model of Amazon EC2 network options, driven by AWS CLI scripts

USAGE:
    netlab run FILE [--seed N]       run a script; FILE may be - for standard input
    netlab export FILE [--seed N]    run a script, then print a script that rebuilds
                                     the world it left (from a fresh account)
    netlab --help                    this text

Each step prints one JSON line: {\"line\", \"op\", \"ok\", \"response\" | \"error\"}.
Exit status: 0 when the last step succeeded, 1 when it failed, 2 for a script that
cannot be parsed (nothing runs) or a usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..], Mode::Run),
        Some("export") => run(&args[1..], Mode::Export),
        Some("--help" | "-h" | "help") => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        _ => usage("expected a command: run or export"),
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("netlab: {message}\n\n{HELP}");
    ExitCode::from(2)
}

/// What to print after running the script.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// One JSON line per step.
    Run,
    /// The script that rebuilds the final world.
    Export,
}

fn run(args: &[String], mode: Mode) -> ExitCode {
    let mut file = None;
    let mut seed = 0u64;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--seed" => match rest.next().map(|s| s.parse::<u64>()) {
                Some(Ok(n)) => seed = n,
                _ => return usage("--seed takes a whole number"),
            },
            _ if file.is_none() => file = Some(arg.clone()),
            other => return usage(&format!("unexpected argument '{other}'")),
        }
    }
    let Some(file) = file else {
        return usage("a FILE is needed (or - for standard input)");
    };
    let text = match read(&file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("netlab: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let script = match parse(&text) {
        Ok(script) => script,
        Err(e) => {
            let _ = writeln!(out, "{}", syntax_error_line(&e)).and_then(|()| out.flush());
            return ExitCode::from(2);
        }
    };
    let mut world = World::new(seed);
    let results = run_script(&mut world, &mut Vars::new(), &script);
    if mode == Mode::Export {
        return match write!(out, "{}", export(&world)).and_then(|()| out.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(2),
        };
    }
    if write_json_lines(&results, &mut out)
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    match results.last() {
        Some(last) if !last.ok() => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

fn read(file: &str) -> std::io::Result<String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(file)
    }
}
