//! `SmallList`: a list read as a slice that keeps a single element inline, for the
//! script's many one-element lists (a word's parts, a flag's values), which then cost
//! no allocation.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A list of `T` whose first element needs no allocation while it is the only one.
#[derive(Clone)]
pub struct SmallList<T>(Repr<T>);

#[derive(Clone)]
enum Repr<T> {
    Empty,
    One(T),
    Many(Vec<T>),
}

impl<T> Default for SmallList<T> {
    fn default() -> Self {
        SmallList(Repr::Empty)
    }
}

impl<T> SmallList<T> {
    /// A list of one element.
    pub fn one(item: T) -> Self {
        SmallList(Repr::One(item))
    }

    /// Appends an element.
    pub fn push(&mut self, item: T) {
        match &mut self.0 {
            Repr::Many(items) => items.push(item),
            Repr::Empty => self.0 = Repr::One(item),
            Repr::One(_) => {
                if let Repr::One(first) = std::mem::replace(&mut self.0, Repr::Empty) {
                    self.0 = Repr::Many(vec![first, item]);
                }
            }
        }
    }

    /// Inserts an element before the others.
    pub fn push_front(&mut self, item: T) {
        let mut items = vec![item];
        items.extend(std::mem::take(self).into_vec());
        *self = SmallList::from(items);
    }

    /// Removes the first element, if any.
    pub fn pop_front(&mut self) -> Option<T> {
        match std::mem::replace(&mut self.0, Repr::Empty) {
            Repr::Empty => None,
            Repr::One(item) => Some(item),
            Repr::Many(mut items) => {
                let first = (!items.is_empty()).then(|| items.remove(0));
                *self = SmallList::from(items);
                first
            }
        }
    }

    /// The elements as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self.0 {
            Repr::Empty => Vec::new(),
            Repr::One(item) => vec![item],
            Repr::Many(items) => items,
        }
    }
}

impl<T> From<Vec<T>> for SmallList<T> {
    fn from(mut items: Vec<T>) -> Self {
        SmallList(match items.len() {
            0 => Repr::Empty,
            1 => items.pop().map_or(Repr::Empty, Repr::One),
            _ => Repr::Many(items),
        })
    }
}

impl<T> Deref for SmallList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match &self.0 {
            Repr::Empty => &[],
            Repr::One(item) => std::slice::from_ref(item),
            Repr::Many(items) => items,
        }
    }
}

impl<T> DerefMut for SmallList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Repr::Empty => &mut [],
            Repr::One(item) => std::slice::from_mut(item),
            Repr::Many(items) => items,
        }
    }
}

impl<'a, T> IntoIterator for &'a SmallList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: PartialEq> PartialEq for SmallList<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for SmallList<T> {}

impl<T: fmt::Debug> fmt::Debug for SmallList<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_reads_the_same_however_it_is_held() {
        let mut list = SmallList::default();
        assert!(list.is_empty());
        list.push(1);
        assert_eq!(&list[..], &[1]);
        list.push(2);
        list.push(3);
        assert_eq!(&list[..], &[1, 2, 3]);
        assert_eq!(list, SmallList::from(vec![1, 2, 3]));
        assert_eq!(list.pop_front(), Some(2 - 1));
        assert_eq!(&list[..], &[2, 3]);
        list.push_front(0);
        assert_eq!(list.clone().into_vec(), vec![0, 2, 3]);
        assert_eq!(SmallList::one(7), SmallList::from(vec![7]));
        assert_eq!(SmallList::<u8>::default().pop_front(), None);
        assert_eq!(format!("{:?}", SmallList::one("a")), "[\"a\"]");
    }
}
