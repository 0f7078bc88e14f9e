//! Writes the course's JSON as `COURSE_JSON_FILE` into the directory given as the first
//! argument, or else `$TRUNK_STAGING_DIR` (Trunk runs this as a build hook, so the file
//! lands in `dist/` next to the app that fetches it).

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("TRUNK_STAGING_DIR").ok())
        .map(PathBuf::from)
        .expect("usage: course_json <directory> (or set TRUNK_STAGING_DIR)");
    let path = dir.join(netlab_course::COURSE_JSON_FILE);
    std::fs::write(&path, netlab_course::COURSE_JSON)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
