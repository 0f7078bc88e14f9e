//! `Words`: a step's argument words, a range of the one list that holds the argument
//! words of every step of a parsed script.
//!
//! Parsing a script of ten thousand steps then grows one list a handful of times
//! instead of allocating a list a step, and freeing the script frees that one list.

use std::fmt;
use std::ops::{Deref, Range};
use std::rc::Rc;

use super::word::Word;

/// Argument words, read as a slice: a range of a list shared by the steps of a script
/// (or a list of their own, made [`From`] a vector).
#[derive(Clone)]
pub struct Words {
    all: Rc<Vec<Word>>,
    range: Range<usize>,
}

impl Words {
    /// The words `range` of the list the parser is filling, which [`Words::share`]
    /// later hands them; until then they are a range of `placeholder` (an empty list,
    /// one for all the steps), so they read as no words.
    pub(super) fn pending(placeholder: &Rc<Vec<Word>>, range: Range<usize>) -> Words {
        Words {
            all: Rc::clone(placeholder),
            range,
        }
    }

    /// Points these words at `all`, the filled list their range is of.
    pub(super) fn share(&mut self, all: &Rc<Vec<Word>>) {
        self.all = Rc::clone(all);
    }
}

impl From<Vec<Word>> for Words {
    fn from(words: Vec<Word>) -> Words {
        Words {
            range: 0..words.len(),
            all: Rc::new(words),
        }
    }
}

impl Deref for Words {
    type Target = [Word];
    fn deref(&self) -> &[Word] {
        self.all.get(self.range.clone()).unwrap_or_default()
    }
}

impl<'a> IntoIterator for &'a Words {
    type Item = &'a Word;
    type IntoIter = std::slice::Iter<'a, Word>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Words {}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_as_their_range_of_the_shared_list() {
        let all = Rc::new(vec![
            Word::literal("a"),
            Word::literal("b"),
            Word::literal("c"),
        ]);
        let mut tail = Words::pending(&Rc::default(), 1..3);
        assert!(tail.is_empty());
        tail.share(&all);
        assert_eq!(
            tail,
            Words::from(vec![Word::literal("b"), Word::literal("c")])
        );
        assert_eq!(format!("{tail:?}"), format!("{:?}", &all[1..]));
    }
}
