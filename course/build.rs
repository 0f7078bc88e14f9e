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

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let content_dir = manifest.join("..").join("content");
    println!("cargo:rerun-if-changed={}", content_dir.display());
    println!("cargo:rerun-if-changed=src/authoring.rs");
    println!("cargo:rerun-if-changed=src/content.rs");
    println!("cargo:rerun-if-changed=src/digest.rs");
    println!("cargo:rerun-if-changed=src/keys.rs");

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
    fs::write(
        out.join("course.json"),
        serde_json::to_string(&course).expect("serializable"),
    )
    .expect("write course.json");
    fs::write(
        out.join("answer_keys.json"),
        serde_json::to_string_pretty(&keys).expect("serializable"),
    )
    .expect("write answer_keys.json");
}
