//! Parser: lexed commands → [`Step`]s, refusing every shell construct outside the subset.
//!
//! The accepted lines are `aws ec2 OPERATION ...`, `aws ec2 wait WAITER ...`,
//! `netlab OPERATION ...`, `NAME=$(aws ec2 ...)`, `NAME=value`, and the lines a bash
//! run needs but the model ignores: `set -e` / `set -euo pipefail`, `#!/bin/bash` (a
//! comment) and `netlab() { :; }` (skipped by the lexer).

use std::borrow::Cow;
use std::rc::Rc;

use super::lexer::{line_number, Lexed, Lexer, Pos, RawWord, Refusal};
use super::text::Text;
use super::word::{Part, Word};
use super::words::Words;
use super::ScriptSyntaxError;

/// A parsed script: its steps in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Script {
    pub steps: Vec<Step>,
}

/// One step of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The 1-based line where the step starts (its first line when continued with `\`).
    pub line: usize,
    /// `NAME` for a capture `NAME=$(aws ec2 ...)`: the variable receives the command's
    /// output with its trailing newlines removed, as bash's command substitution does.
    pub capture: Option<String>,
    pub command: Command,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `aws ec2 OPERATION ARGS...`. Global options written before the operation
    /// (`aws --region us-west-2 ec2 ...`) are moved to the front of `args`, where
    /// [`Args`](super::Args) finds them as it finds those written after it.
    Aws { operation: String, args: Words },
    /// `aws ec2 wait WAITER ARGS...` (for example `wait instance-running`), with global
    /// options moved to the front of `args` as for [`Command::Aws`].
    Wait { waiter: String, args: Words },
    /// `netlab OPERATION ARGS...`: a simulator step (`advance-time`, `send-traffic`...).
    Netlab { operation: String, args: Words },
    /// `NAME=value`: a plain shell assignment (no field splitting: use
    /// [`Word::expand`]). `capture` is `None` for these steps.
    Assign { name: String, value: Word },
}

/// Parses a whole script; the first syntax error refuses all of it.
///
/// Each command is parsed as soon as it is lexed, while its words are fresh in the
/// cache. A lexing error anywhere is the one reported, as when the whole text is lexed
/// first; otherwise the first command the parser refuses.
pub fn parse(text: &str) -> Result<Script, ScriptSyntaxError> {
    // The words' literal text are spans of this one copy of the script.
    let source: Rc<str> = Rc::from(text);
    parse_source(&source).map_err(|refusal| refusal.locate(&source))
}

fn parse_source(source: &Rc<str>) -> Lexed<Script> {
    let mut lexer = Lexer::new(source);
    let mut lines = Lines::default();
    let mut words = Vec::new();
    let mut args = Arguments::default();
    let mut steps = Vec::new();
    let mut refused = None;
    loop {
        match lexer.next_command(&mut words) {
            Ok(false) => break,
            Ok(true) if refused.is_some() => words.clear(),
            Ok(true) => {
                let line = words.first().map_or(0, |w| lines.at(source, w.pos));
                let made = step(line, &mut words, lexer.inner_words(), &mut args);
                words.clear();
                match made {
                    Ok(Some(step)) => steps.push(step),
                    Ok(None) => {}
                    Err(e) => refused = Some(e),
                }
            }
            Err(error) => {
                if let Some(first) = words.first().filter(|w| w.assign.is_none()) {
                    program(first)?;
                }
                return Err(error);
            }
        }
    }
    if let Some(e) = refused {
        return Err(e);
    }
    args.share(&mut steps);
    Ok(Script { steps })
}

/// The argument words of every step parsed so far, in one list (a refused command may
/// leave words in it that no step has, but then the whole script is refused).
#[derive(Default)]
struct Arguments {
    words: Vec<Word>,
    /// What the steps' [`Words`] are ranges of until the list is filled.
    placeholder: Rc<Vec<Word>>,
}

impl Arguments {
    /// The words from `start` to the end of the list, as a step's arguments.
    fn since(&self, start: usize) -> Words {
        Words::pending(&self.placeholder, start..self.words.len())
    }

    /// Hands the filled list to the steps' arguments.
    fn share(self, steps: &mut [Step]) {
        let all = Rc::new(self.words);
        for step in steps {
            match &mut step.command {
                Command::Aws { args, .. }
                | Command::Wait { args, .. }
                | Command::Netlab { args, .. } => args.share(&all),
                Command::Assign { .. } => {}
            }
        }
    }
}

/// Line numbers of positions met in order: the line breaks are counted once, from the
/// last position asked for.
#[derive(Default)]
struct Lines {
    offset: usize,
    /// Line breaks before `offset`.
    breaks: usize,
}

impl Lines {
    /// The 1-based line of `pos`, which is not before the last one asked for.
    fn at(&mut self, source: &str, pos: Pos) -> usize {
        let between = source.as_bytes().get(self.offset..pos.0).unwrap_or(&[]);
        self.breaks += line_number(between) - 1;
        self.offset = pos.0.max(self.offset);
        self.breaks + 1
    }
}

const SUPPORTED: &str = "only `aws ec2 ...`, `netlab ...` and NAME=... lines";

fn error<T>(at: Pos, message: impl Into<String>) -> Lexed<T> {
    Err(Refusal {
        at,
        message: message.into(),
    })
}

/// The step a command's words make (the first of them on `line`), taking their parts
/// out of `words` (which the caller then clears for the next command); `inner` holds the
/// words of their command substitutions, and the step's arguments are appended to `args`.
fn step<'a>(
    line: usize,
    words: &mut Vec<RawWord<'a>>,
    inner: &mut Vec<RawWord<'a>>,
    args: &mut Arguments,
) -> Lexed<Option<Step>> {
    let mut rest = words.iter_mut();
    let Some(first) = rest.next() else {
        return Ok(None);
    };
    if let Some(name) = first.assign {
        if let Some(next) = rest.as_slice().first() {
            let message = if next.assign.is_some() {
                "write one assignment per line"
            } else {
                "an assignment before a command (`NAME=value command`) is not supported: \
                 put the assignment on its own line"
            };
            return error(next.pos, message);
        }
        return assignment(line, name, first, inner, args).map(Some);
    }
    let command = match program(first)? {
        Program::Aws => aws(first, rest, args)?,
        Program::Netlab => netlab(first, rest, args)?,
        Program::Set => {
            set_options(first, rest.as_slice())?;
            return Ok(None);
        }
    };
    Ok(Some(Step {
        line,
        capture: None,
        command,
    }))
}

/// The programs a script may run.
enum Program {
    Aws,
    Netlab,
    Set,
}

/// Which supported program a command's first word names.
fn program(word: &RawWord<'_>) -> Lexed<Program> {
    match command_name(word)?.as_ref() {
        "aws" => Ok(Program::Aws),
        "netlab" => Ok(Program::Netlab),
        "set" => Ok(Program::Set),
        other => error(word.pos, format!("`{other}` is not supported: {SUPPORTED}")),
    }
}

/// `NAME=value` or the capture `NAME=$(aws ec2 ...)` (also `NAME="$(aws ec2 ...)"`).
fn assignment<'a>(
    line: usize,
    name: &str,
    word: &mut RawWord<'a>,
    inner_words: &mut [RawWord<'a>],
    args: &mut Arguments,
) -> Lexed<Step> {
    word.assign = None;
    // The value is what follows `NAME=` in the word's first literal.
    if let Some(Part::Literal(head)) = word.parts.first_mut() {
        head.drop_front(name.len() + 1);
        if head.is_empty() {
            word.parts.pop_front();
        }
    }
    let mut substs = std::mem::take(&mut word.substs);
    let Some((range, at)) = substs.pop_front() else {
        return Ok(Step {
            line,
            capture: None,
            command: Command::Assign {
                name: name.to_string(),
                value: to_word(word)?,
            },
        });
    };
    let another = !substs.is_empty();
    let only_subst = !another && word.parts.is_empty();
    if !only_subst {
        return error(
            word.pos,
            format!(
                "a capture must be exactly {name}=$(aws ec2 ...), with nothing around the `$(...)`"
            ),
        );
    }
    let mut inner = inner_words.get_mut(range).unwrap_or_default().iter_mut();
    let Some(first) = inner.next() else {
        return error(at, "empty command substitution `$()`");
    };
    if first.assign.is_some() {
        return error(
            first.pos,
            "an assignment cannot be captured: only `aws ec2 ...` output",
        );
    }
    let program = command_name(first)?;
    if program != "aws" {
        return error(
            first.pos,
            format!("`{program}` output cannot be captured: only `aws ec2 ...` output"),
        );
    }
    Ok(Step {
        line,
        capture: Some(name.to_string()),
        command: aws(first, inner, args)?,
    })
}

/// The literal text of a word in command-name, service or operation position.
fn command_name<'w>(word: &'w RawWord<'_>) -> Lexed<Cow<'w, str>> {
    match literal(word) {
        Some(text) if !text.is_empty() => Ok(text),
        Some(_) => error(word.pos, format!("empty command name: {SUPPORTED}")),
        None => error(
            word.pos,
            "the command name must be literal text, not a variable",
        ),
    }
}

/// The text of a word made only of literal text (the lexer merges adjacent literals, so
/// such a word has one part at most).
fn literal<'w>(word: &'w RawWord<'_>) -> Option<Cow<'w, str>> {
    if !word.substs.is_empty() {
        return None;
    }
    match &word.parts[..] {
        [] => Some(Cow::Borrowed("")),
        [Part::Literal(s)] => Some(Cow::Borrowed(s)),
        parts => {
            let mut text = String::new();
            for part in parts {
                match part {
                    Part::Literal(s) => text.push_str(s),
                    Part::Var { .. } => return None,
                }
            }
            Some(Cow::Owned(text))
        }
    }
}

/// Converts a raw word into a [`Word`], refusing a command substitution inside it.
fn to_word(raw: &mut RawWord<'_>) -> Lexed<Word> {
    let empty = quotes_only(raw)?;
    let mut word = Word {
        parts: std::mem::take(&mut raw.parts),
    };
    if empty {
        word.parts.push_front(Part::Literal(Text::default()));
    }
    Ok(word)
}

/// Appends a raw word to `words` as [`to_word`] converts it, written in place there.
fn push_word(words: &mut Vec<Word>, raw: &mut RawWord<'_>) -> Lexed<()> {
    let empty = quotes_only(raw)?;
    words.push(Word {
        parts: std::mem::take(&mut raw.parts),
    });
    if let Some(word) = words.last_mut().filter(|_| empty) {
        word.parts.push_front(Part::Literal(Text::default()));
    }
    Ok(())
}

/// Whether a raw word is an empty argument made by its quotes alone (`''` or `""$X`),
/// which its [`Word`] keeps as an empty literal; refuses a command substitution in it.
fn quotes_only(raw: &RawWord<'_>) -> Lexed<bool> {
    if let Some((_, at)) = raw.substs.first() {
        return error(
            *at,
            "command substitution is only supported as a whole line: NAME=$(aws ec2 ...)",
        );
    }
    Ok(raw.quoted
        && !raw
            .parts
            .iter()
            .any(|p| matches!(p, Part::Literal(_) | Part::Var { quoted: true, .. })))
}

/// The AWS CLI global options the parser lets stand before the operation, and whether
/// each takes a value.
const GLOBAL_OPTIONS: &[(&str, bool)] = &[
    ("--region", true),
    ("--output", true),
    ("--query", true),
    ("--no-cli-pager", false),
];

/// `aws [GLOBAL...] ec2 [GLOBAL...] OPERATION ARGS...` or `aws ... ec2 wait WAITER ARGS...`.
fn aws<'w, 'a: 'w>(
    program: &RawWord<'a>,
    rest: impl ExactSizeIterator<Item = &'w mut RawWord<'a>>,
    args: &mut Arguments,
) -> Lexed<Command> {
    let mut words = rest.peekable();
    // The global options written before the operation come first in its arguments.
    let start = args.words.len();
    let mut service = None;
    let mut operation = None;
    while let Some(word) = words.next() {
        let text = literal(word);
        let prefix = literal_prefix(word);
        if prefix.starts_with("--") {
            let known = GLOBAL_OPTIONS.iter().find(|(flag, _)| {
                text.as_deref() == Some(*flag)
                    || prefix
                        .strip_prefix(flag)
                        .is_some_and(|r| r.starts_with('='))
            });
            let Some(&(flag, takes_value)) = known else {
                let shown = prefix.split('=').next().unwrap_or(&prefix).to_string();
                let before = if service.is_none() {
                    "the service"
                } else {
                    "the operation"
                };
                return error(
                    word.pos,
                    format!(
                        "`aws {shown}` is not supported before {before}: only --region, \
                         --output, --query and --no-cli-pager go there"
                    ),
                );
            };
            let pos = word.pos;
            let separate_value = takes_value && text.as_deref() == Some(flag);
            push_word(&mut args.words, word)?;
            if separate_value {
                match words.next() {
                    Some(value) => push_word(&mut args.words, value)?,
                    None => return error(pos, format!("`{flag}` needs a value")),
                }
            }
            continue;
        }
        let Some(name) = text else {
            let what = if service.is_none() {
                "service"
            } else {
                "operation"
            };
            return error(
                word.pos,
                format!("the {what} name must be literal text, not a variable"),
            );
        };
        if service.is_none() {
            if name != "ec2" {
                return error(
                    word.pos,
                    format!("`aws {name}` is not supported: only the ec2 service (`aws ec2 ...`)"),
                );
            }
            service = Some(word.pos);
        } else {
            operation = Some((name.into_owned(), word.pos));
            break;
        }
    }
    let Some((operation, op_pos)) = operation else {
        let message = if service.is_none() {
            "`aws` needs a service and an operation: `aws ec2 OPERATION ...`"
        } else {
            "`aws ec2` needs an operation, such as `aws ec2 describe-vpcs`"
        };
        return error(service.unwrap_or(program.pos), message);
    };
    if operation != "wait" {
        for word in words {
            push_word(&mut args.words, word)?;
        }
        return Ok(Command::Aws {
            operation,
            args: args.since(start),
        });
    }
    let waiter = match words.next() {
        Some(word) => match literal(word) {
            Some(name) if !name.starts_with('-') && !name.is_empty() => name.into_owned(),
            Some(_) | None => {
                return error(
                    word.pos,
                    "`aws ec2 wait` needs a literal waiter name, such as instance-running",
                )
            }
        },
        None => {
            return error(
                op_pos,
                "`aws ec2 wait` needs a waiter name, such as instance-running",
            )
        }
    };
    for word in words {
        push_word(&mut args.words, word)?;
    }
    Ok(Command::Wait {
        waiter,
        args: args.since(start),
    })
}

/// The literal text a word starts with (all of it when it has no reference).
fn literal_prefix<'w>(word: &'w RawWord<'_>) -> Cow<'w, str> {
    match word.parts.first() {
        Some(Part::Literal(s)) => Cow::Borrowed(s),
        _ => Cow::Borrowed(""),
    }
}

/// `netlab OPERATION ARGS...`.
fn netlab<'w, 'a: 'w>(
    program: &RawWord<'a>,
    mut words: impl ExactSizeIterator<Item = &'w mut RawWord<'a>>,
    args: &mut Arguments,
) -> Lexed<Command> {
    let operation = match words.next() {
        None => {
            return error(
                program.pos,
                "`netlab` needs an operation, such as `netlab advance-time --hours 1`",
            )
        }
        Some(word) => match literal(word) {
            Some(name) if !name.is_empty() && !name.starts_with('-') => name.into_owned(),
            _ => {
                return error(
                    word.pos,
                    "`netlab` needs a literal operation name, such as advance-time",
                )
            }
        },
    };
    let start = args.words.len();
    for word in words {
        push_word(&mut args.words, word)?;
    }
    Ok(Command::Netlab {
        operation,
        args: args.since(start),
    })
}

/// `set -e`, `set -u`, `set -x`, `set -o pipefail` and their combinations
/// (`set -euo pipefail`): accepted so a script also runs under bash, and ignored (the
/// script goes on after a failed step, as the contract says).
fn set_options(program: &RawWord<'_>, words: &[RawWord<'_>]) -> Lexed<()> {
    const USAGE: &str = "only `set -e`, `set -u`, `set -x` and `set -o pipefail` are supported";
    if words.is_empty() {
        return error(program.pos, USAGE);
    }
    let mut expect_option_name = 0usize;
    for word in words {
        let Some(text) = literal(word) else {
            return error(word.pos, USAGE);
        };
        if expect_option_name > 0 {
            if !matches!(text.as_ref(), "pipefail" | "errexit" | "nounset" | "xtrace") {
                return error(word.pos, USAGE);
            }
            expect_option_name -= 1;
            continue;
        }
        let Some(letters) = text.strip_prefix('-') else {
            return error(word.pos, USAGE);
        };
        if letters.is_empty() || !letters.chars().all(|c| matches!(c, 'e' | 'u' | 'x' | 'o')) {
            return error(word.pos, USAGE);
        }
        expect_option_name = letters.chars().filter(|&c| c == 'o').count();
    }
    if expect_option_name > 0 {
        if let Some(last) = words.last() {
            return error(last.pos, "`set -o` needs an option name, such as pipefail");
        }
    }
    Ok(())
}
