//! Reads the lessons and quizzes under `content/` (TOML), checks their shape, and embeds
//! them as JSON for the library. Reference solutions, expected answers and the probes
//! behind multiple-choice keys go to a separate file that only the tests read, so they
//! never reach the app. The TOML parser stays here, out of the wasm bundle.

#[path = "src/authoring.rs"]
mod authoring;
#[path = "src/content.rs"]
#[allow(dead_code)]
mod content;
#[path = "src/digest.rs"]
mod digest;
#[path = "src/keys.rs"]
mod keys;
#[path = "src/read.rs"]
#[allow(dead_code)]
mod read;

use std::fs;
use std::path::{Path, PathBuf};

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

fn read<T: serde::de::DeserializeOwned>(path: &Path) -> T {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The 64-bit FNV-1a hash of the bytes.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let content_dir = manifest.join("..").join("content");
    println!("cargo:rerun-if-changed={}", content_dir.display());
    println!("cargo:rerun-if-changed=src/authoring.rs");
    println!("cargo:rerun-if-changed=src/content.rs");
    println!("cargo:rerun-if-changed=src/digest.rs");
    println!("cargo:rerun-if-changed=src/keys.rs");
    println!("cargo:rerun-if-changed=src/read.rs");

    let mut course = content::Course {
        lessons: Vec::new(),
        quizzes: Vec::new(),
    };
    let mut keys = keys::AnswerKeys::default();
    for path in toml_files(&content_dir.join("lessons")) {
        authoring::add_lesson(read(&path), &mut course, &mut keys)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    for path in toml_files(&content_dir.join("quizzes")) {
        authoring::add_quiz(read(&path), &mut course, &mut keys)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let json = serde_json::to_string(&course).expect("serializable");
    // The app reads this JSON by hand (src/read.rs), not with derived impls: what it reads
    // back must be exactly what was written, or the build stops here.
    let read_back =
        read::course(&json).unwrap_or_else(|e| panic!("the course's JSON does not read back: {e}"));
    assert!(
        read_back == course,
        "the course's JSON reads back differently: src/read.rs and the content types disagree"
    );
    // The app fetches the course as `course-<digest>.json`: a new content, a new name,
    // so a browser never pairs a cached course with a newer app.
    println!(
        "cargo:rustc-env=NETLAB_COURSE_JSON_DIGEST={:016x}",
        fnv1a(json.as_bytes())
    );
    fs::write(out.join("course.json"), json).expect("write course.json");
    fs::write(
        out.join("answer_keys.json"),
        serde_json::to_string_pretty(&keys).expect("serializable"),
    )
    .expect("write answer_keys.json");
}
