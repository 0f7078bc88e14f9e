//! Fuzz target: argument, shorthand and `--query` readers must never panic, and `--query`
//! must select the same from a response's JSON text as from its value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netlab_model::script::{query, shorthand, Args, Query};

fuzz_target!(|text: &str| {
    let _ = shorthand::parse_structure("fuzz", text, &["Values"]);
    if let Ok(q) = Query::parse(text) {
        let value = serde_json_value(text);
        let selected = q.apply(&value);
        assert_eq!(q.apply_json(&value.to_string()), selected);
        let _ = query::render_text(&selected);
    }
    let words: Vec<String> = text.split(' ').map(String::from).collect();
    if let Ok(mut args) = Args::parse(words) {
        let _ = args.structure_list("filters", &["Values"]);
        let _ = args.optional_u32("device-index");
        let _ = args.finish();
    }
});

/// Some structured value for the query to walk, built from the input itself.
fn serde_json_value(text: &str) -> serde_json::Value {
    shorthand::parse_structure("fuzz", text, &[]).unwrap_or_default()
}
