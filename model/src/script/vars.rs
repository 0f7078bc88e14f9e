//! Shell variables: a session's captures and assignments, looked up on every step.
//!
//! A hash table with a fixed hasher (so the model stays deterministic), read in name
//! order: a script of a few thousand captures looks a name up in one probe instead of
//! a dozen string comparisons down a tree.

use std::collections::hash_map::{DefaultHasher, HashMap};
use std::fmt;
use std::hash::BuildHasherDefault;

/// The shell variables of a session, by name.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Vars(HashMap<String, String, BuildHasherDefault<DefaultHasher>>);

impl Vars {
    /// No variables.
    pub fn new() -> Vars {
        Vars::default()
    }

    /// The value of `name`, if it is set.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.get(name)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        self.0.get_mut(name)
    }

    /// Sets `name` to `value`, giving back its old value.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        self.0.insert(name, value)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The variables in name order.
    pub fn iter(&self) -> std::vec::IntoIter<(&String, &String)> {
        let mut all: Vec<(&String, &String)> = self.0.iter().collect();
        all.sort_unstable_by(|a, b| a.0.cmp(b.0));
        all.into_iter()
    }
}

impl<'a> IntoIterator for &'a Vars {
    type Item = (&'a String, &'a String);
    type IntoIter = std::vec::IntoIter<(&'a String, &'a String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// `vars["NAME"]`, as a map's index (for tests of scripts known to set `NAME`): panics
/// when it is not set, where [`Vars::get`] answers `None`.
impl std::ops::Index<&str> for Vars {
    type Output = String;
    fn index(&self, name: &str) -> &String {
        &self.0[name]
    }
}

impl FromIterator<(String, String)> for Vars {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Vars {
        Vars(pairs.into_iter().collect())
    }
}

impl fmt::Debug for Vars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_read_in_name_order() {
        let mut vars = Vars::new();
        for name in ["B", "A2", "C", "A10", "A"] {
            vars.insert(name.to_string(), name.to_lowercase());
        }
        assert_eq!(vars.insert("C".into(), "again".into()), Some("c".into()));
        let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["A", "A10", "A2", "B", "C"]);
        assert_eq!(vars.get("C").map(String::as_str), Some("again"));
        assert_eq!(vars.len(), 5);
        assert_eq!(
            format!("{vars:?}"),
            r#"{"A": "a", "A10": "a10", "A2": "a2", "B": "b", "C": "again"}"#
        );
    }
}
