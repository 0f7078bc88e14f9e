//! Lexer: script text → commands of raw words, following bash's quoting rules.
//!
//! One pass over the characters, no backtracking, so it runs in linear time on any
//! input. Command substitution `$(...)` is lexed one level deep only (the script
//! language has no use for nesting), which also bounds the recursion.

use super::word::{Part, Removal};
use super::ScriptSyntaxError;

/// A 1-based position in the script: line, and column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A piece of a raw word: a [`Part`], or a command substitution the parser vets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RawPart {
    Part(Part),
    /// `$(...)`: the words of the inner command and the position of its `$`.
    Subst(Vec<RawWord>, Pos),
}

/// A word as lexed, before the parser decides what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawWord {
    pub pos: Pos,
    /// `NAME` when the word starts with an unquoted `NAME=` (an assignment in bash
    /// when it is the first word of a command, plain text otherwise).
    pub assign: Option<String>,
    pub parts: Vec<RawPart>,
    /// Whether any quote appeared in the word (`''` is a word, an empty `$X` is not).
    pub quoted: bool,
}

/// One command line: its words, all on one logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawCommand {
    pub words: Vec<RawWord>,
}

/// A lexing error, with the words of the command read before it (so that the parser
/// can report an unsupported command name, which comes first on the line).
#[derive(Debug)]
pub(super) struct LexError {
    pub partial: Vec<RawWord>,
    pub error: ScriptSyntaxError,
}

/// Splits a script into commands.
pub(super) fn lex(text: &str) -> Result<Vec<RawCommand>, LexError> {
    Lexer::new(text).commands()
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: usize,
    column: usize,
    in_subst: bool,
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

/// Builds a word's parts, merging adjacent literal text.
struct PartsBuilder {
    parts: Vec<RawPart>,
}

impl PartsBuilder {
    fn push_char(&mut self, c: char) {
        if let Some(RawPart::Part(Part::Literal(s))) = self.parts.last_mut() {
            s.push(c);
        } else {
            self.parts.push(RawPart::Part(Part::Literal(c.to_string())));
        }
    }

    fn push_str(&mut self, text: &str) {
        if let Some(RawPart::Part(Part::Literal(s))) = self.parts.last_mut() {
            s.push_str(text);
        } else if !text.is_empty() {
            self.parts
                .push(RawPart::Part(Part::Literal(text.to_string())));
        }
    }
}

impl Lexer {
    fn new(text: &str) -> Lexer {
        Lexer {
            chars: text.chars().collect(),
            i: 0,
            line: 1,
            column: 1,
            in_subst: false,
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<char> {
        self.peek_at(0)
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn error<T>(pos: Pos, message: impl Into<String>) -> Result<T, ScriptSyntaxError> {
        Err(ScriptSyntaxError {
            line: pos.line,
            column: pos.column,
            message: message.into(),
        })
    }

    /// Whether a line break follows, as `\n` or as a Windows `\r\n`.
    fn at_newline(&self) -> bool {
        match self.peek() {
            Some('\n') => true,
            Some('\r') => self.peek_at(1) == Some('\n'),
            _ => false,
        }
    }

    fn bump_newline(&mut self) {
        if self.peek() == Some('\r') {
            self.bump();
        }
        self.bump();
    }

    /// Whether `\` followed by a line break is next: bash's line continuation.
    fn at_continuation(&self) -> bool {
        self.peek() == Some('\\')
            && match self.peek_at(1) {
                Some('\n') => true,
                Some('\r') => self.peek_at(2) == Some('\n'),
                _ => false,
            }
    }

    /// Skips blanks and line continuations between words.
    fn skip_blanks(&mut self) {
        loop {
            if self.at_continuation() {
                self.bump();
                self.bump_newline();
            } else if self.peek().is_some_and(is_blank) {
                self.bump();
            } else {
                return;
            }
        }
    }

    /// Skips a comment up to (not including) the end of its line. In bash a `\` at
    /// the end of a comment does not continue it.
    fn skip_comment(&mut self) {
        while self.peek().is_some() && !self.at_newline() {
            self.bump();
        }
    }

    fn commands(mut self) -> Result<Vec<RawCommand>, LexError> {
        let mut commands = Vec::new();
        loop {
            self.skip_blanks();
            match self.peek() {
                None => return Ok(commands),
                Some('#') => self.skip_comment(),
                _ if self.at_newline() => self.bump_newline(),
                _ => {
                    if let Some(end) = self.function_definition_end() {
                        while self.i < end {
                            self.bump();
                        }
                        continue;
                    }
                    let mut words = Vec::new();
                    if let Err(error) = self.command(None, &mut words) {
                        return Err(LexError {
                            partial: words,
                            error,
                        });
                    }
                    if !words.is_empty() {
                        commands.push(RawCommand { words });
                    }
                }
            }
        }
    }

    /// Reads one command's words. `subst` is the position of the `$` when reading the
    /// inside of `$(...)`, which ends at its `)`; otherwise the command ends at the end
    /// of the line.
    fn command(
        &mut self,
        subst: Option<Pos>,
        words: &mut Vec<RawWord>,
    ) -> Result<(), ScriptSyntaxError> {
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
                _ => words.push(self.word()?),
            }
        }
    }

    fn word(&mut self) -> Result<RawWord, ScriptSyntaxError> {
        let pos = self.pos();
        let mut b = PartsBuilder { parts: Vec::new() };
        let mut quoted = false;
        let mut assign = None;
        if self.peek().is_some_and(is_name_start) {
            let mut name = String::new();
            while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
                name.push(c);
                self.bump();
            }
            if self.peek() == Some('=') {
                self.bump();
                assign = Some(name);
            } else {
                b.push_str(&name);
            }
        }
        loop {
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
                    b.push_str("");
                    loop {
                        match self.bump() {
                            None => return Self::error(here, "unterminated single quote"),
                            Some('\'') => break,
                            Some(ch) => b.push_char(ch),
                        }
                    }
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
                    self.bump();
                    b.push_char(c);
                }
            }
        }
        Ok(RawWord {
            pos,
            assign,
            parts: b.parts,
            quoted,
        })
    }

    /// Reads the inside of `"..."` after its opening quote. Inside double quotes bash
    /// keeps a backslash literally except before `$`, `` ` ``, `"`, `\` and a newline.
    fn double_quoted(&mut self, b: &mut PartsBuilder, open: Pos) -> Result<(), ScriptSyntaxError> {
        b.push_str("");
        loop {
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
                Some('`') => {
                    return Self::error(
                        here,
                        "backtick command substitution is not supported: use NAME=$(aws ec2 ...)",
                    )
                }
                Some(c) => {
                    self.bump();
                    b.push_char(c);
                }
            }
        }
    }

    /// Reads what follows a `$`: a reference, a command substitution, or a literal `$`.
    fn dollar(&mut self, b: &mut PartsBuilder, quoted: bool) -> Result<(), ScriptSyntaxError> {
        let at = self.pos();
        self.bump();
        match self.peek() {
            Some('{') => {
                self.bump();
                let part = self.braced(at, quoted)?;
                b.parts.push(RawPart::Part(part));
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
                let mut words = Vec::new();
                self.command(Some(at), &mut words)?;
                self.in_subst = false;
                b.parts.push(RawPart::Subst(words, at));
            }
            Some(c) if is_name_start(c) => {
                let name = self.name();
                b.parts.push(RawPart::Part(Part::Var {
                    name,
                    removal: None,
                    quoted,
                }));
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

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek().filter(|&c| is_name_char(c)) {
            name.push(c);
            self.bump();
        }
        name
    }

    /// Reads `${...}` after its `{`: `${NAME}`, `${NAME%pat}`, `${NAME%%pat}`,
    /// `${NAME#pat}` or `${NAME##pat}` with a literal pattern.
    fn braced(&mut self, at: Pos, quoted: bool) -> Result<Part, ScriptSyntaxError> {
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
        let mut pattern = String::new();
        loop {
            let here = self.pos();
            match self.peek() {
                None => return Self::error(at, "unterminated `${`"),
                Some('}') => {
                    self.bump();
                    break;
                }
                Some('*' | '?' | '[' | '$' | '`' | '\'' | '"' | '\\' | '\n' | '{') => {
                    return Self::error(
                        here,
                        format!("only a literal pattern is supported in `${{{name}{removal}...}}`"),
                    );
                }
                Some(c) => {
                    self.bump();
                    pattern.push(c);
                }
            }
        }
        let removal = if removal == '%' {
            Removal::Suffix(pattern)
        } else {
            Removal::Prefix(pattern)
        };
        Ok(Part::Var {
            name,
            removal: Some(removal),
            quoted,
        })
    }

    /// When a one-line definition `netlab() { :; }` (or `function netlab { :; }`,
    /// body `:` or `true`) starts here, the index just past it and its comment.
    ///
    /// A bash run of a script defines `netlab` this way so the simulator steps do
    /// nothing there; the script language accepts the line and ignores it.
    fn function_definition_end(&self) -> Option<usize> {
        let mut m = Matcher {
            chars: &self.chars,
            j: self.i,
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
        match m.chars.get(m.j) {
            None | Some('\n' | '\r' | '#') => Some(m.j),
            _ => None,
        }
    }
}

/// A cursor for recognising a fixed shape of text without consuming it.
struct Matcher<'a> {
    chars: &'a [char],
    j: usize,
}

impl Matcher<'_> {
    fn keyword(&mut self, word: &str) -> bool {
        let mut k = self.j;
        for c in word.chars() {
            if self.chars.get(k) != Some(&c) {
                return false;
            }
            k += 1;
        }
        self.j = k;
        true
    }

    fn blanks(&mut self) {
        while self.chars.get(self.j).is_some_and(|&c| is_blank(c)) {
            self.j += 1;
        }
    }

    fn blanks1(&mut self) -> bool {
        let start = self.j;
        self.blanks();
        self.j > start
    }
}
