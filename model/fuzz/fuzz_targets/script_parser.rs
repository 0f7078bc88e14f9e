//! Fuzz target: the script parser must accept or refuse any text without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use netlab_model::script::parse;

fuzz_target!(|text: &str| {
    if let Err(e) = parse(text) {
        assert!(e.line >= 1 && e.column >= 1);
    }
});
