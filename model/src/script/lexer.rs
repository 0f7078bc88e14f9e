//! Lexer: script text → commands of raw words, following bash's quoting rules.
//!
//! One pass over the text, no backtracking, so it runs in linear time on any input. The
//! cursor is a byte offset: runs of plain text are found by bytes, and a literal is a
//! span of the script's source ([`Text`]) until quoting or an escape makes it differ.
//! Positions are byte offsets, turned into a line and a column (counted in characters)
//! only for an error ([`Refusal::locate`]). Command substitution `$(...)` is lexed one level deep only (the script
//! language has no use for nesting), which also bounds the recursion.

use std::ops::Range;
use std::rc::Rc;

use super::small_list::SmallList;
use super::text::Text;
use super::word::{Part, Parts, Removal};
use super::ScriptSyntaxError;

/// A position in the script: the byte offset of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos(pub usize);

/// Why the lexer or the parser refused the script, and where; located in lines and
/// columns by [`Refusal::locate`] once it is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    pub at: Pos,
    pub message: String,
}

/// The result of a step of lexing or parsing.
pub(super) type Lexed<T> = Result<T, Refusal>;

impl Refusal {
    /// The error as reported: the 1-based line of the offset in `source`, and its
    /// column counted in characters.
    pub(super) fn locate(self, source: &str) -> ScriptSyntaxError {
        let before = source.get(..self.at.0).unwrap_or(source);
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        ScriptSyntaxError {
            line: line_number(before.as_bytes()),
            column: before.get(line_start..).unwrap_or("").chars().count() + 1,
            message: self.message,
        }
    }
}

/// The 1-based line at the end of `text` (which starts a line).
///
/// The line breaks are counted 64 bytes at a time into a byte-wide sum, which the
/// compiler turns into vector instructions that compare many bytes at once.
pub(super) fn line_number(text: &[u8]) -> usize {
    let chunks = text.chunks_exact(64);
    let tail = breaks(chunks.remainder());
    1 + tail + chunks.map(breaks).sum::<usize>()
}

/// The line breaks in `bytes`, which are 64 at most (so that their sum fits in a byte).
fn breaks(bytes: &[u8]) -> usize {
    usize::from(bytes.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>())
}

/// A command substitution `$(...)`: where the inner command's words are in the lexer's
/// [`Lexer::inner_words`], and the position of its `$`.
pub(super) type Subst = (Range<usize>, Pos);

/// A word as lexed, before the parser decides what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawWord<'a> {
    pub pos: Pos,
    /// `NAME` when the word starts with an unquoted `NAME=` (an assignment in bash
    /// when it is the first word of a command, plain text otherwise). The `NAME=` is
    /// also the start of the word's first literal.
    pub assign: Option<&'a str>,
    /// The word's text and references, adjacent literal text merged.
    pub parts: Parts,
    /// The word's command substitutions, in order (the parser accepts only a capture's).
    pub substs: SmallList<Subst>,
    /// Whether any quote appeared in the word (`''` is a word, an empty `$X` is not).
    pub quoted: bool,
}

/// A cursor over the script's text that reads it command by command (one logical line
/// each); literal text in the words are spans of `source`. `i` is a byte offset, always
/// on a character boundary.
pub(super) struct Lexer<'a> {
    source: &'a Rc<str>,
    text: &'a str,
    i: usize,
    in_subst: bool,
    /// The words inside the current command's substitutions, one list for all of them
    /// and kept from command to command, so that a capture allocates no list of its own.
    inner: Vec<RawWord<'a>>,
}

/// What bash does with a metacharacter, and why the script language refuses it.
fn operator_message(c: char, next: Option<char>) -> &'static str {
    match (c, next) {
        ('|', Some('|')) => {
            "`||` is not supported: only `aws ec2 ...` and `netlab ...` steps, one per line"
        }
        ('|', _) => "pipes are not supported: only `aws ec2 ...` and `netlab ...` steps",
        ('&', Some('&')) => "`&&` is not supported: write one step per line",
        ('&', _) => "background jobs (`&`) are not supported",
        (';', _) => "`;` is not supported: write one step per line",
        ('<' | '>', _) => "redirections (`<`, `>`) are not supported",
        _ => "subshells and grouping (`(`, `)`) are not supported",
    }
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_operator(c: char) -> bool {
    matches!(c, '|' | '&' | ';' | '<' | '>' | '(' | ')')
}

/// A character that ends a run of plain word text: blanks, line ends, operators, and
/// the characters that quote, escape or expand (all ASCII, looked up in a table of the
/// 256 codes a byte read as a character can have, so that the lookup needs no test).
fn ends_plain_text(c: char) -> bool {
    const ENDS: [bool; 256] = byte_set(b" \t|&;<>()\n\r\\'\"$`{");
    ENDS.get(c as usize).copied().unwrap_or(false)
}

/// The table of the bytes in `chars`.
const fn byte_set(chars: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < chars.len() {
        set[chars[i] as usize] = true;
        i += 1;
    }
    set
}

/// A character that ends a run of plain text inside `"..."`.
fn ends_double_quoted_text(c: char) -> bool {
    matches!(c, '"' | '\\' | '$' | '`')
}

/// Builds a word's parts in place, merging adjacent literal text.
struct PartsBuilder<'a, 'w> {
    source: &'a Rc<str>,
    parts: &'w mut Parts,
    substs: &'w mut SmallList<Subst>,
}

impl<'a> PartsBuilder<'a, '_> {
    /// Adds a character that is not the script's text at this point (an escaped one).
    fn push_char(&mut self, c: char) {
        if let Some(Part::Literal(s)) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.push(Part::Literal(Text::from(c.to_string())));
        }
    }

    fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    /// Adds text of the script, as a span of it where it continues one.
    fn push_str(&mut self, text: &'a str) {
        if text.is_empty() {
            return;
        }
        if let Some(Part::Literal(s)) = self.parts.last_mut() {
            s.push_span(self.source, text);
        } else {
            self.push(Part::Literal(Text::span(self.source, text)));
        }
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(source: &'a Rc<str>) -> Lexer<'a> {
        Lexer {
            source,
            text: source,
            i: 0,
            in_subst: false,
            inner: Vec::new(),
        }
    }

    /// The words inside the substitutions of the command [`Lexer::next_command`] read
    /// last, which its words' [`Subst`]s locate.
    pub(super) fn inner_words(&mut self) -> &mut Vec<RawWord<'a>> {
        &mut self.inner
    }

    fn pos(&self) -> Pos {
        Pos(self.i)
    }

    /// The text not read yet.
    fn rest(&self) -> &'a str {
        self.text.get(self.i..).unwrap_or("")
    }

    /// The bytes not read yet.
    fn rest_bytes(&self) -> &'a [u8] {
        self.text.as_bytes().get(self.i..).unwrap_or(&[])
    }

    fn peek(&self) -> Option<char> {
        match self.rest_bytes().first() {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            Some(_) => self.rest().chars().next(),
            None => None,
        }
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.rest().chars().nth(k)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    /// Reads the next `len` bytes (a whole number of characters) and returns them.
    fn take(&mut self, len: usize) -> &'a str {
        let rest = self.rest();
        let taken = rest.get(..len).unwrap_or(rest);
        self.i += taken.len();
        taken
    }

    /// Reads characters up to (not including) the first one `stop` accepts, or to the end.
    ///
    /// The text is scanned by bytes, each read as the character of that code (what
    /// `char::from(u8)` gives). `stop` must give the same answer for every non-ASCII
    /// character, so that a multi-byte character is judged by its first byte.
    fn take_until(&mut self, stop: impl Fn(char) -> bool) -> &'a str {
        let bytes = self.rest_bytes();
        let len = bytes
            .iter()
            .position(|&b| stop(char::from(b)))
            .unwrap_or(bytes.len());
        self.take(len)
    }

    fn error<T>(at: Pos, message: impl Into<String>) -> Lexed<T> {
        Err(Refusal {
            at,
            message: message.into(),
        })
    }

    /// Whether a line break follows, as `\n` or as a Windows `\r\n`.
    fn at_newline(&self) -> bool {
        matches!(self.rest_bytes(), [b'\n', ..] | [b'\r', b'\n', ..])
    }

    fn bump_newline(&mut self) {
        if self.peek() == Some('\r') {
            self.bump();
        }
        self.bump();
    }

    /// Skips blanks and line continuations (`\` before a line break, `\n` or `\r\n`)
    /// between words.
    fn skip_blanks(&mut self) {
        loop {
            self.i += match self.rest_bytes() {
                [b' ' | b'\t', ..] => 1,
                [b'\\', b'\n', ..] => 2,
                [b'\\', b'\r', b'\n', ..] => 3,
                _ => return,
            };
        }
    }

    /// Skips a comment up to (not including) the end of its line. In bash a `\` at
    /// the end of a comment does not continue it.
    fn skip_comment(&mut self) {
        let rest = self.rest();
        let end = match rest.find('\n') {
            Some(n) if rest[..n].ends_with('\r') => n - 1,
            Some(n) => n,
            None => rest.len(),
        };
        self.take(end);
    }

    /// Reads the next command's words into `words` (empty before the call): `false` at
    /// the end of the script. On an error, `words` holds the words read before it (so
    /// that the parser can report an unsupported command name, which comes first).
    pub(super) fn next_command(&mut self, words: &mut Vec<RawWord<'a>>) -> Lexed<bool> {
        self.inner.clear();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Ok(false),
                Some('#') => self.skip_comment(),
                _ if self.at_newline() => self.bump_newline(),
                _ => {
                    if let Some(len) = self.function_definition_len() {
                        self.take(len);
                        continue;
                    }
                    self.command(None, words)?;
                    if !words.is_empty() {
                        return Ok(true);
                    }
                }
            }
        }
    }

    /// Reads one command's words. `subst` is the position of the `$` when reading the
    /// inside of `$(...)`, which ends at its `)`; otherwise the command ends at the end
    /// of the line.
    fn command(&mut self, subst: Option<Pos>, words: &mut Vec<RawWord<'a>>) -> Lexed<()> {
        loop {
            self.skip_blanks();
            let pos = self.pos();
            match self.peek() {
                None => {
                    return match subst {
                        Some(at) => Self::error(at, "unterminated `$(`: missing `)`"),
                        None => Ok(()),
                    }
                }
                Some('#') => self.skip_comment(),
                Some(')') if subst.is_some() => {
                    self.bump();
                    return Ok(());
                }
                Some(c) if is_operator(c) => {
                    return Self::error(pos, operator_message(c, self.peek_at(1)));
                }
                _ if self.at_newline() => {
                    return match subst {
                        Some(at) => Self::error(
                            at,
                            "unterminated `$(`: a command substitution must close on its line \
                             (continue long lines with `\\`)",
                        ),
                        None => Ok(()),
                    };
                }
                _ => self.word(words)?,
            }
        }
    }

    /// Reads one word onto the end of `words` (built there, not moved there once read;
    /// dropped again on an error).
    fn word(&mut self, words: &mut Vec<RawWord<'a>>) -> Lexed<()> {
        words.push(RawWord {
            pos: self.pos(),
            assign: None,
            parts: Parts::default(),
            substs: SmallList::default(),
            quoted: false,
        });
        let read = match words.last_mut() {
            Some(word) => self.word_into(word),
            None => Ok(()),
        };
        if read.is_err() {
            words.pop();
        }
        read
    }

    /// Reads one word's text into `word`, which is empty.
    fn word_into(&mut self, word: &mut RawWord<'a>) -> Lexed<()> {
        let mut b = PartsBuilder {
            source: self.source,
            parts: &mut word.parts,
            substs: &mut word.substs,
        };
        let mut quoted = false;
        let mut assign = None;
        if self.peek().is_some_and(is_name_start) {
            let start = self.i;
            let name = self.take_until(|c| !is_name_char(c));
            if self.peek() == Some('=') {
                self.bump();
                assign = Some(name);
                b.push_str(self.text.get(start..self.i).unwrap_or(name));
            } else {
                b.push_str(name);
            }
        }
        loop {
            let plain = self.take_until(ends_plain_text);
            b.push_str(plain);
            let here = self.pos();
            let Some(c) = self.peek() else { break };
            if is_blank(c) || is_operator(c) || self.at_newline() {
                break;
            }
            match c {
                '\\' => {
                    self.bump();
                    if self.at_newline() {
                        self.bump_newline();
                    } else if let Some(next) = self.bump() {
                        b.push_char(next);
                    } else {
                        // A backslash at the very end of the input stays literal.
                        b.push_char('\\');
                    }
                }
                '\'' => {
                    quoted = true;
                    self.bump();
                    let Some(len) = self.rest_bytes().iter().position(|&b| b == b'\'') else {
                        return Self::error(here, "unterminated single quote");
                    };
                    let text = self.take(len);
                    b.push_str(text);
                    self.bump();
                }
                '"' => {
                    quoted = true;
                    self.bump();
                    self.double_quoted(&mut b, here)?;
                }
                '$' => self.dollar(&mut b, false)?,
                '`' => {
                    return Self::error(
                        here,
                        "backtick command substitution is not supported: use NAME=$(aws ec2 ...)",
                    )
                }
                '{' => {
                    return Self::error(
                        here,
                        "unquoted `{`: bash would try brace expansion; quote the value ('...')",
                    )
                }
                _ => {
                    // A `\r` that does not end a line is plain text.
                    self.bump();
                    b.push_char(c);
                }
            }
        }
        word.assign = assign;
        word.quoted = quoted;
        Ok(())
    }

    /// Reads the inside of `"..."` after its opening quote. Inside double quotes bash
    /// keeps a backslash literally except before `$`, `` ` ``, `"`, `\` and a newline.
    fn double_quoted(&mut self, b: &mut PartsBuilder<'a, '_>, open: Pos) -> Lexed<()> {
        loop {
            let plain = self.take_until(ends_double_quoted_text);
            b.push_str(plain);
            let here = self.pos();
            match self.peek() {
                None => return Self::error(open, "unterminated double quote"),
                Some('"') => {
                    self.bump();
                    return Ok(());
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('$' | '`' | '"' | '\\') => {
                            if let Some(next) = self.bump() {
                                b.push_char(next);
                            }
                        }
                        Some('\n') => {
                            self.bump();
                        }
                        _ => b.push_char('\\'),
                    }
                }
                Some('$') => self.dollar(b, true)?,
                Some(_) => {
                    return Self::error(
                        here,
                        "backtick command substitution is not supported: use NAME=$(aws ec2 ...)",
                    )
                }
            }
        }
    }

    /// Reads what follows a `$`: a reference, a command substitution, or a literal `$`.
    fn dollar(&mut self, b: &mut PartsBuilder<'a, '_>, quoted: bool) -> Lexed<()> {
        let at = self.pos();
        self.bump();
        match self.peek() {
            Some('{') => {
                self.bump();
                let part = self.braced(at, quoted)?;
                b.push(part);
            }
            Some('(') => {
                if self.peek_at(1) == Some('(') {
                    return Self::error(at, "arithmetic expansion `$((...))` is not supported");
                }
                if self.in_subst {
                    return Self::error(at, "nested command substitution is not supported");
                }
                self.bump();
                self.in_subst = true;
                let mut words = std::mem::take(&mut self.inner);
                let start = words.len();
                self.command(Some(at), &mut words)?;
                let end = words.len();
                self.inner = words;
                self.in_subst = false;
                b.substs.push((start..end, at));
            }
            Some(c) if is_name_start(c) => {
                let name = self.name();
                b.push(Part::Var {
                    name,
                    removal: None,
                    quoted,
                });
            }
            Some(c) if c.is_ascii_digit() => {
                return Self::error(at, format!("positional parameter `${c}` is not supported"));
            }
            Some(c @ ('?' | '@' | '*' | '#' | '!' | '-' | '$')) => {
                return Self::error(at, format!("special parameter `${c}` is not supported"));
            }
            Some('\'') if !quoted => {
                return Self::error(at, "ANSI-C quoting `$'...'` is not supported");
            }
            Some('"') if !quoted => {
                return Self::error(at, "locale quoting `$\"...\"` is not supported");
            }
            _ => b.push_char('$'),
        }
        Ok(())
    }

    fn name(&mut self) -> Text {
        let name = self.take_until(|c| !is_name_char(c));
        Text::span(self.source, name)
    }

    /// Reads `${...}` after its `{`: `${NAME}`, `${NAME%pat}`, `${NAME%%pat}`,
    /// `${NAME#pat}` or `${NAME##pat}` with a literal pattern.
    fn braced(&mut self, at: Pos, quoted: bool) -> Lexed<Part> {
        const FORMS: &str = "only ${NAME}, ${NAME%suffix} and ${NAME#prefix} are supported";
        match self.peek() {
            Some(c) if is_name_start(c) => {}
            Some('#') => return Self::error(at, "`${#NAME}` (length) is not supported"),
            Some('!') => return Self::error(at, "indirect expansion `${!NAME}` is not supported"),
            Some(c) if c.is_ascii_digit() => {
                return Self::error(at, "positional parameters are not supported")
            }
            None => return Self::error(at, "unterminated `${`"),
            Some(_) => {
                return Self::error(at, "bad substitution: expected a variable name after `${`")
            }
        }
        let name = self.name();
        let removal = match self.peek() {
            Some('}') => {
                self.bump();
                return Ok(Part::Var {
                    name,
                    removal: None,
                    quoted,
                });
            }
            Some(op @ ('%' | '#')) => {
                self.bump();
                if self.peek() == Some(op) {
                    self.bump();
                }
                op
            }
            None => return Self::error(at, "unterminated `${`"),
            Some(_) => return Self::error(self.pos(), format!("bad substitution: {FORMS}")),
        };
        let pattern = self
            .take_until(|c| {
                matches!(
                    c,
                    '}' | '*' | '?' | '[' | '$' | '`' | '\'' | '"' | '\\' | '\n' | '{'
                )
            })
            .to_string();
        match self.peek() {
            None => return Self::error(at, "unterminated `${`"),
            Some('}') => {
                self.bump();
            }
            Some(_) => {
                return Self::error(
                    self.pos(),
                    format!("only a literal pattern is supported in `${{{name}{removal}...}}`"),
                );
            }
        }
        let removal = if removal == '%' {
            Removal::Suffix(pattern)
        } else {
            Removal::Prefix(pattern)
        };
        Ok(Part::Var {
            name,
            removal: Some(Box::new(removal)),
            quoted,
        })
    }

    /// When a one-line definition `netlab() { :; }` (or `function netlab { :; }`,
    /// body `:` or `true`) starts here, its length in bytes (its comment excluded).
    ///
    /// A bash run of a script defines `netlab` this way so the simulator steps do
    /// nothing there; the script language accepts the line and ignores it.
    fn function_definition_len(&self) -> Option<usize> {
        let mut m = Matcher {
            text: self.rest(),
            j: 0,
        };
        let keyword = m.keyword("function");
        if keyword && !m.blanks1() {
            return None;
        }
        if !m.keyword("netlab") {
            return None;
        }
        m.blanks();
        if m.keyword("(") {
            m.blanks();
            if !m.keyword(")") {
                return None;
            }
            m.blanks();
        } else if !keyword {
            return None;
        }
        if !(m.keyword("{") && m.blanks1()) {
            return None;
        }
        if !(m.keyword(":") || m.keyword("true")) {
            return None;
        }
        m.blanks();
        if !m.keyword(";") {
            return None;
        }
        m.blanks();
        if !m.keyword("}") {
            return None;
        }
        m.blanks();
        match m.text.as_bytes().get(m.j) {
            None | Some(b'\n' | b'\r' | b'#') => Some(m.j),
            _ => None,
        }
    }
}

/// A cursor for recognising a fixed shape of text without consuming it; `j` is a byte
/// offset that only ever moves past ASCII.
struct Matcher<'a> {
    text: &'a str,
    j: usize,
}

impl Matcher<'_> {
    fn keyword(&mut self, word: &str) -> bool {
        let found = self
            .text
            .as_bytes()
            .get(self.j..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()));
        if found {
            self.j += word.len();
        }
        found
    }

    fn blanks(&mut self) {
        while matches!(self.text.as_bytes().get(self.j), Some(b' ' | b'\t')) {
            self.j += 1;
        }
    }

    fn blanks1(&mut self) -> bool {
        let start = self.j;
        self.blanks();
        self.j > start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_number_counts_every_line_break_before_it() {
        let text = "a\nbc\n\né\n".repeat(40);
        for end in 0..=text.len() {
            let bytes = &text.as_bytes()[..end];
            let breaks = bytes.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(line_number(bytes), breaks + 1, "{end}");
        }
    }

    #[test]
    fn the_plain_text_table_is_the_characters_it_names() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            let expected = is_blank(c)
                || is_operator(c)
                || matches!(c, '\n' | '\r' | '\\' | '\'' | '"' | '$' | '`' | '{');
            assert_eq!(ends_plain_text(c), expected, "{c:?}");
        }
    }
}
