//! Words: one shell argument as literal text and variable references, and its expansion.
//!
//! A [`Word`] is what bash calls a word after quote removal is planned but before
//! parameter expansion runs: literal text, and references `$NAME`, `${NAME}`,
//! `${NAME%suffix}` and `${NAME#prefix}` whose pattern is literal text.

use std::borrow::Cow;

use super::small_list::SmallList;
use super::text::Text;
use super::vars::Vars;

/// One shell word: literal text and variable references, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub parts: Parts,
}

/// The parts of a word: most words are one literal or one reference, kept inline.
pub type Parts = SmallList<Part>;

/// A piece of a [`Word`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Text that expands to itself (quotes already removed, escapes already applied).
    Literal(Text),
    /// A parameter expansion `$NAME` / `${NAME}` / `${NAME%pat}` / `${NAME#pat}`.
    Var {
        name: Text,
        /// Boxed: rare, and a part stays small without it.
        removal: Option<Box<Removal>>,
        /// Whether the reference was inside `"..."`: an unquoted reference is split
        /// into fields on spaces, tabs and newlines, as bash does with the default IFS.
        quoted: bool,
    },
}

/// Bash's pattern removal with a literal pattern.
///
/// With a literal pattern the shortest and the longest match are the same text, so
/// `${V%%p}` and `${V##p}` parse to the same removal as `${V%p}` and `${V#p}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removal {
    /// `${NAME%pattern}`: drop `pattern` from the end of the value when it ends with it.
    Suffix(String),
    /// `${NAME#pattern}`: drop `pattern` from the start of the value when it starts with it.
    Prefix(String),
}

impl Word {
    /// A word of literal text only.
    pub fn literal(text: impl Into<String>) -> Word {
        Word {
            parts: Parts::one(Part::Literal(Text::from(text.into()))),
        }
    }

    /// The text of a word with no references, or `None` when it has one.
    pub fn as_literal(&self) -> Option<String> {
        let mut text = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => text.push_str(s),
                Part::Var { .. } => return None,
            }
        }
        Some(text)
    }

    /// The word's value with every reference replaced, as one string.
    ///
    /// This is the value bash gives an assignment `NAME=word` (no field splitting).
    /// An unset variable expands to the empty string, as in bash without `set -u`.
    pub fn expand(&self, vars: &Vars) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Var { name, removal, .. } => out.push_str(lookup(vars, name, removal)),
            }
        }
        out
    }

    /// The arguments this word becomes in a command line, after bash's field splitting.
    ///
    /// Unquoted references are split on spaces, tabs and newlines (the default IFS), so
    /// `--instance-ids $IDS` with `IDS="i-1 i-2"` gives two values, and an unquoted
    /// reference to an empty variable vanishes (`$UNSET` alone gives no argument at
    /// all, while `"$UNSET"` and `''` give one empty argument). Pathname expansion is
    /// not performed: EC2 values do not name files.
    /// A field made of one piece of text (a literal, or one variable's value or a piece
    /// of it) is borrowed from the word or the variable; others are copied together.
    pub fn expand_fields<'w>(&'w self, vars: &'w Vars) -> Vec<Cow<'w, str>> {
        let mut fields = Vec::new();
        self.push_fields(vars, &mut fields);
        fields
    }

    /// Appends the word's fields (see [`Word::expand_fields`]) to `fields`.
    fn push_fields<'w>(&'w self, vars: &'w Vars, fields: &mut Vec<Cow<'w, str>>) {
        // A word of one part (most are) gives its fields straight from that part.
        match &self.parts[..] {
            [Part::Literal(s)] => return fields.push(Cow::Borrowed(s)),
            [Part::Var {
                name,
                removal,
                quoted,
            }] => {
                let value = lookup(vars, name, removal);
                if *quoted {
                    fields.push(Cow::Borrowed(value));
                } else {
                    let fields_of_value = pieces(value).filter(|p| !p.is_empty());
                    fields.extend(fields_of_value.map(Cow::Borrowed));
                }
                return;
            }
            _ => {}
        }
        let mut current = Field::default();
        for part in &self.parts {
            match part {
                Part::Literal(s) => current.push(s),
                Part::Var {
                    name,
                    removal,
                    quoted: true,
                } => current.push(lookup(vars, name, removal)),
                Part::Var {
                    name,
                    removal,
                    quoted: false,
                } => {
                    let mut pieces = pieces(lookup(vars, name, removal));
                    if let Some(first) = pieces.next().filter(|p| !p.is_empty()) {
                        current.push(first);
                    }
                    // Each further piece follows a separator, which ends the field so far.
                    for piece in pieces {
                        if let Some(field) = current.take() {
                            fields.push(field);
                        }
                        if !piece.is_empty() {
                            current.push(piece);
                        }
                    }
                }
            }
        }
        if let Some(field) = current.take() {
            fields.push(field);
        }
    }
}

/// The pieces of an unquoted reference's value between bash's default IFS (space, tab
/// and newline), as `str::split` on them gives them: found byte by byte, as every
/// separator is one ASCII byte.
fn pieces(value: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(value);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.bytes().position(|b| matches!(b, b' ' | b'\t' | b'\n')) {
            Some(at) => {
                rest = text.get(at + 1..);
                text.get(..at)
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// A field being built: `None` until some text (even empty) is in it.
#[derive(Default)]
struct Field<'w>(Option<Cow<'w, str>>);

impl<'w> Field<'w> {
    /// Appends `text`: borrowed while it is the field's only piece.
    fn push(&mut self, text: &'w str) {
        match &mut self.0 {
            None => self.0 = Some(Cow::Borrowed(text)),
            Some(field) => field.to_mut().push_str(text),
        }
    }

    fn take(&mut self) -> Option<Cow<'w, str>> {
        self.0.take()
    }
}

/// Expands a command's argument words into its argument list (see [`Word::expand_fields`]).
pub fn expand_args<'w>(words: &'w [Word], vars: &'w Vars) -> Vec<Cow<'w, str>> {
    let mut fields = Vec::with_capacity(words.len());
    for word in words {
        word.push_fields(vars, &mut fields);
    }
    fields
}

fn lookup<'v>(vars: &'v Vars, name: &str, removal: &Option<Box<Removal>>) -> &'v str {
    let value = vars.get(name).map(String::as_str).unwrap_or("");
    match removal.as_deref() {
        None => value,
        Some(Removal::Suffix(p)) => value.strip_suffix(p.as_str()).unwrap_or(value),
        Some(Removal::Prefix(p)) => value.strip_prefix(p.as_str()).unwrap_or(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vars {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn var(name: &str, quoted: bool) -> Part {
        Part::Var {
            name: name.into(),
            removal: None,
            quoted,
        }
    }

    #[test]
    fn unset_variables_expand_to_the_empty_string() {
        let w = Word {
            parts: vec![Part::Literal("a".into()), var("NOPE", true)].into(),
        };
        assert_eq!(w.expand(&vars(&[])), "a");
    }

    #[test]
    fn suffix_removal_only_applies_when_the_value_ends_with_the_pattern() {
        let w = Word {
            parts: vec![Part::Var {
                name: "V".into(),
                removal: Some(Box::new(Removal::Suffix("::/56".into()))),
                quoted: true,
            }]
            .into(),
        };
        assert_eq!(w.expand(&vars(&[("V", "2600:1f18:1::/56")])), "2600:1f18:1");
        assert_eq!(w.expand(&vars(&[("V", "10.0.0.0/16")])), "10.0.0.0/16");
    }

    #[test]
    fn prefix_removal_drops_a_leading_literal() {
        let w = Word {
            parts: vec![Part::Var {
                name: "I".into(),
                removal: Some(Box::new(Removal::Prefix("eni-".into()))),
                quoted: false,
            }]
            .into(),
        };
        assert_eq!(w.expand(&vars(&[("I", "eni-0abc")])), "0abc");
    }

    #[test]
    fn unquoted_reference_splits_into_fields() {
        let w = Word {
            parts: vec![var("IDS", false)].into(),
        };
        assert_eq!(
            w.expand_fields(&vars(&[("IDS", " i-1\ti-2\n")])),
            vec!["i-1", "i-2"]
        );
    }

    #[test]
    fn quoted_reference_stays_one_field() {
        let w = Word {
            parts: vec![var("IDS", true)].into(),
        };
        assert_eq!(
            w.expand_fields(&vars(&[("IDS", "i-1 i-2")])),
            vec!["i-1 i-2"]
        );
    }

    #[test]
    fn unquoted_empty_reference_vanishes_but_quoted_empty_stays() {
        let v = vars(&[]);
        assert!(Word {
            parts: vec![var("X", false)].into()
        }
        .expand_fields(&v)
        .is_empty());
        assert_eq!(
            Word {
                parts: vec![var("X", true)].into()
            }
            .expand_fields(&v),
            vec![""]
        );
        assert_eq!(Word::literal("").expand_fields(&v), vec![""]);
    }

    #[test]
    fn an_unquoted_value_splits_where_str_split_on_the_default_ifs_does() {
        for value in ["", " ", "a", " a  b\t\nc ", "é é\u{a0}x", "\n\n", "a\rb"] {
            assert_eq!(
                pieces(value).collect::<Vec<_>>(),
                value.split([' ', '\t', '\n']).collect::<Vec<_>>(),
                "{value:?}"
            );
        }
    }

    #[test]
    fn split_fields_join_adjacent_literals() {
        let w = Word {
            parts: vec![
                Part::Literal("a".into()),
                var("X", false),
                Part::Literal("b".into()),
            ]
            .into(),
        };
        assert_eq!(w.expand_fields(&vars(&[("X", "1 2")])), vec!["a1", "2b"]);
        assert_eq!(w.expand_fields(&vars(&[("X", " ")])), vec!["a", "b"]);
    }
}
