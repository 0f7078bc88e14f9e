//! The `netlab` command: runs AWS CLI scripts against the model.
fn main() {}
