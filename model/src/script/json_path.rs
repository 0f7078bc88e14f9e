//! Finds, in a JSON text, the text of the value a path of names and indexes leads to,
//! stepping over what the path passes by without building it or checking it.
//!
//! `--query` reads a response's JSON text this way ([`Query::apply_json`](super::Query::apply_json)):
//! only the value found is parsed. The text is valid JSON (a response's); where it reads
//! something it does not expect (a key with an escape, a value cut short), the finder
//! gives up and the caller reads the text with `serde_json` instead.

/// A step of a path: a member's name or an array's index.
pub(super) enum Step<'q> {
    Name(&'q str),
    Index(usize),
}

/// What a path leads to in a JSON text.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found<'j> {
    /// The text of the value the path leads to.
    Value(&'j str),
    /// Nothing: a name that is not there, an index past the end, or a step into a value
    /// that is not an object or an array.
    Nothing,
    /// The finder gave up (see the module's comment).
    Unsure,
}

/// The value `path` leads to in `json`.
pub(super) fn find<'j, 'q>(json: &'j str, path: impl IntoIterator<Item = Step<'q>>) -> Found<'j> {
    let mut text = Cursor { json, at: 0 };
    for step in path {
        let found = match step {
            Step::Name(name) => text.member(name),
            Step::Index(n) => text.element(n),
        };
        match found {
            Some(true) => {}
            Some(false) => return Found::Nothing,
            None => return Found::Unsure,
        }
    }
    match text.value() {
        Some(value) => Found::Value(value),
        None => Found::Unsure,
    }
}

/// A reading position in a JSON text (a byte offset; every byte it stops after is ASCII).
struct Cursor<'j> {
    json: &'j str,
    at: usize,
}

impl<'j> Cursor<'j> {
    fn byte(&self) -> Option<u8> {
        self.json.as_bytes().get(self.at).copied()
    }

    /// The next byte after white space.
    fn next(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.at += 1;
        }
        self.byte()
    }

    /// Moves into the object here to the value of member `name`: `Some(false)` when
    /// there is no such member or no object here.
    fn member(&mut self, name: &str) -> Option<bool> {
        if self.next()? != b'{' {
            return Some(false);
        }
        self.at += 1;
        if self.next()? == b'}' {
            return Some(false);
        }
        loop {
            if self.next()? != b'"' {
                return None;
            }
            self.at += 1;
            let key = self.string()?;
            if key.contains('\\') || self.next()? != b':' {
                return None;
            }
            self.at += 1;
            if key == name {
                return Some(true);
            }
            self.skip()?;
            match self.next()? {
                b',' => self.at += 1,
                b'}' => return Some(false),
                _ => return None,
            }
        }
    }

    /// Moves into the array here to its element `n`: `Some(false)` when it has no such
    /// element or there is no array here.
    fn element(&mut self, n: usize) -> Option<bool> {
        if self.next()? != b'[' {
            return Some(false);
        }
        self.at += 1;
        if self.next()? == b']' {
            return Some(false);
        }
        for _ in 0..n {
            self.skip()?;
            match self.next()? {
                b',' => self.at += 1,
                b']' => return Some(false),
                _ => return None,
            }
        }
        Some(true)
    }

    /// The text of the value here, which it reads past.
    fn value(&mut self) -> Option<&'j str> {
        self.next()?;
        let start = self.at;
        self.skip()?;
        self.json.get(start..self.at)
    }

    /// Reads past the value here.
    fn skip(&mut self) -> Option<()> {
        match self.next()? {
            b'"' => {
                self.at += 1;
                self.string().map(drop)
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.byte()? {
                        b'"' => {
                            self.at += 1;
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                let start = self.at;
                while !matches!(
                    self.byte(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }

    /// Reads past a string whose opening quote is read, and gives its text as written
    /// (escapes included).
    fn string(&mut self) -> Option<&'j str> {
        let start = self.at;
        loop {
            match self.byte()? {
                b'"' => {
                    let text = self.json.get(start..self.at)?;
                    self.at += 1;
                    return Some(text);
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str =
        r#"{"A": [{"B": "x,]}\"", "C": {"D": [1, 2.5e3, null]}}, {"B": "y"}], "G": true}"#;

    fn at(path: &[Step<'_>]) -> Found<'static> {
        find(
            JSON,
            path.iter().map(|s| match s {
                Step::Name(n) => Step::Name(n),
                Step::Index(i) => Step::Index(*i),
            }),
        )
    }

    #[test]
    fn names_and_indexes_lead_to_the_text_of_a_value() {
        use Step::{Index, Name};
        assert_eq!(
            at(&[Name("A"), Index(1), Name("B")]),
            Found::Value(r#""y""#)
        );
        assert_eq!(
            at(&[Name("A"), Index(0), Name("C"), Name("D"), Index(1)]),
            Found::Value("2.5e3")
        );
        assert_eq!(
            at(&[Name("A"), Index(0), Name("C")]),
            Found::Value(r#"{"D": [1, 2.5e3, null]}"#)
        );
        assert_eq!(at(&[Name("G")]), Found::Value("true"));
        assert_eq!(at(&[]), Found::Value(JSON));
    }

    #[test]
    fn a_path_that_leads_nowhere_finds_nothing() {
        use Step::{Index, Name};
        assert_eq!(at(&[Name("Z")]), Found::Nothing);
        assert_eq!(at(&[Name("A"), Index(2)]), Found::Nothing);
        assert_eq!(at(&[Index(0)]), Found::Nothing);
        assert_eq!(at(&[Name("G"), Name("H")]), Found::Nothing);
    }

    #[test]
    fn a_key_with_an_escape_or_a_cut_text_leaves_it_unsure() {
        assert_eq!(
            find(r#"{"E\"F": 3, "G": 1}"#, [Step::Name("G")]),
            Found::Unsure
        );
        assert_eq!(find(r#"{"A": [1, 2"#, [Step::Name("B")]), Found::Unsure);
    }
}
