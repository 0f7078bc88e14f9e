//! Text of a word: a span of the script's source, shared by every word of the script,
//! or owned where quoting or an escape made the text differ from the source.
//!
//! Parsing a script copies its source once; each literal and name in its words is then a
//! span of that copy (a reference count and two offsets), not an allocation of its own.
//! The count is an `Rc`'s: a script is parsed and run on one thread, and its updates are
//! then plain additions, not atomic ones (a parsed script is not `Send`).

use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

/// Literal text of a [`Word`](super::Word): reads as a `&str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// `source[start..end]`, always on character boundaries (a script of 4 GiB or more
    /// has its text owned past that point).
    Span {
        source: Rc<str>,
        start: u32,
        end: u32,
    },
    Owned(String),
}

impl Text {
    /// The span of `source` that `slice` is (`slice` must be borrowed from `source`;
    /// any other text is copied).
    pub(super) fn span(source: &Rc<str>, slice: &str) -> Text {
        match offset_in(source, slice) {
            Some((start, end)) => Text(Repr::Span {
                source: Rc::clone(source),
                start,
                end,
            }),
            None => Text(Repr::Owned(slice.to_string())),
        }
    }

    /// Appends `slice` of `source`: a span that ends where `slice` starts only grows;
    /// otherwise the text becomes owned.
    pub(super) fn push_span(&mut self, source: &Rc<str>, slice: &str) {
        if let Repr::Span {
            source: own, end, ..
        } = &mut self.0
        {
            if let Some((start, new_end)) = offset_in(source, slice) {
                if Rc::ptr_eq(own, source) && start == *end {
                    *end = new_end;
                    return;
                }
            }
        }
        self.push_str(slice);
    }

    /// Appends text that is not from the source, copying a span first.
    pub fn push_str(&mut self, tail: &str) {
        match &mut self.0 {
            Repr::Owned(s) => s.push_str(tail),
            Repr::Span { .. } => {
                let mut s = String::with_capacity(self.len() + tail.len());
                s.push_str(self);
                s.push_str(tail);
                self.0 = Repr::Owned(s);
            }
        }
    }

    /// Drops the first `n` bytes (which must end on a character boundary, as the `NAME=`
    /// of an assignment does; otherwise the text is left as it is).
    pub(super) fn drop_front(&mut self, n: usize) {
        match &mut self.0 {
            Repr::Span { source, start, end } => {
                let new_start = u32::try_from(n).ok().and_then(|n| start.checked_add(n));
                if let Some(new_start) =
                    new_start.filter(|s| *s <= *end && source.is_char_boundary(*s as usize))
                {
                    *start = new_start;
                }
            }
            Repr::Owned(s) => {
                if let Some(rest) = s.get(n..) {
                    *s = rest.to_string();
                }
            }
        }
    }

    pub(super) fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Span { source, start, end } => {
                source.get(*start as usize..*end as usize).unwrap_or("")
            }
            Repr::Owned(s) => s,
        }
    }
}

/// Where `slice` starts and ends in `source`, when it is a part of it within 4 GiB.
fn offset_in(source: &str, slice: &str) -> Option<(u32, u32)> {
    let start = (slice.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    let end = start.checked_add(slice.len())?;
    if end > source.len() {
        return None;
    }
    Some((u32::try_from(start).ok()?, u32::try_from(end).ok()?))
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Owned(String::new()))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Owned(s.to_string()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_spans_join_without_copying() {
        let source: Rc<str> = Rc::from("Name=value");
        let mut text = Text::span(&source, &source[..5]);
        text.push_span(&source, &source[5..]);
        assert!(matches!(
            text.0,
            Repr::Span {
                start: 0,
                end: 10,
                ..
            }
        ));
        assert_eq!(&*text, "Name=value");
    }

    #[test]
    fn text_that_is_not_adjacent_becomes_owned() {
        let source: Rc<str> = Rc::from("a'b'");
        let mut text = Text::span(&source, &source[..1]);
        text.push_span(&source, &source[2..3]);
        assert!(matches!(text.0, Repr::Owned(_)));
        assert_eq!(&*text, "ab");
    }

    #[test]
    fn text_from_elsewhere_is_copied() {
        let source: Rc<str> = Rc::from("abc");
        let text = Text::span(&source, "xyz");
        assert_eq!(&*text, "xyz");
        assert!(matches!(text.0, Repr::Owned(_)));
    }
}
