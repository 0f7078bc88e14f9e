//! The script language: AWS CLI shell scripts, parsed and interpreted without touching the world.
//!
//! A script is a strict subset of bash plus AWS CLI argument conventions, so that the
//! same text runs under bash against real AWS and under `netlab run` against the model.
//! This module owns the language only; the runner that applies steps to the model
//! lives elsewhere.
//!
//! - [`parse`] turns text into a [`Script`] of [`Step`]s, or the first
//!   [`ScriptSyntaxError`] (line and column, 1-based). Nothing runs when a script has a
//!   syntax error anywhere (bash would run the lines before it).
//! - [`Word`] is one argument before expansion; [`expand_args`] applies bash's
//!   parameter expansion and field splitting to a step's arguments.
//! - [`Args`] reads the expanded arguments as the AWS CLI does (`--flag value...`,
//!   `--flag` / `--no-flag`, global options) with the CLI's client-side error codes.
//! - [`shorthand`] parses structured values in the CLI's shorthand or JSON form.
//! - [`query`] applies a `--query` path and renders `--output text`.
//!
//! Parsing never panics and runs in time linear in the input: one pass over the
//! characters, command substitution lexed one level deep, no backtracking.
//!
//! Deliberately refused, with a message naming the construct: other programs (`echo`,
//! `jq`, `export`, `if`...), other AWS services, pipes, `;`, `&&`, `||`, `&`,
//! redirections, subshells, backticks, nested or embedded `$(...)`, arithmetic, `$1`
//! and `$?`, `${NAME:-default}` and other expansion operators, glob patterns in
//! `${NAME%pattern}`, `$'...'`, and an unquoted `{` (bash would brace-expand it).
//! Unquoted `*`, `?` and `[` are kept literally (bash leaves an unmatched glob as it
//! is, and `--query Instances[0].InstanceId` is common); `\r\n` line endings are read
//! as line breaks.

mod args;
mod json_path;
mod lexer;
mod parser;
pub mod query;
pub mod shorthand;
mod small_list;
mod text;
mod vars;
mod word;
mod words;

#[cfg(test)]
mod corpus_tests;

use std::fmt;

use crate::error::{Ec2Error, ErrorCode};

pub use args::{Args, GlobalOptions, DEFAULT_REGION};
pub use parser::{parse, Command, Script, Step};
pub use query::{OutputFormat, Queries, Query};
pub use text::Text;
pub use vars::Vars;
pub use word::{expand_args, Part, Parts, Removal, Word};
pub use words::Words;

/// Why a script was refused: where (1-based line and column, the column counted in
/// characters) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptSyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ScriptSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ScriptSyntaxError {}

impl From<ScriptSyntaxError> for Ec2Error {
    /// A `ScriptSyntax` error whose message reads `line N, column C: ...`.
    fn from(e: ScriptSyntaxError) -> Ec2Error {
        Ec2Error::new(ErrorCode::ScriptSyntax, e.to_string())
    }
}
