//! Short ASCII texts built on the stack (ids, times, DNS names, numbers) and read as
//! `&str` without validating them again: an answer writes dozens of them.

use std::fmt;

/// Up to `N` bytes of ASCII text. Only ASCII bytes are ever stored, so the text is
/// always valid UTF-8; what does not fit (or is not ASCII) is refused whole.
pub(crate) struct AsciiText<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> AsciiText<N> {
    pub(crate) fn new() -> AsciiText<N> {
        AsciiText {
            bytes: [0; N],
            len: 0,
        }
    }

    /// The room for the next `width` bytes, if there is that much.
    fn room(&mut self, width: usize) -> Option<&mut [u8]> {
        let end = self.len.checked_add(width)?;
        let room = self.bytes.get_mut(self.len..end)?;
        self.len = end;
        Some(room)
    }

    /// Appends `b`; false (nothing appended) if it is not ASCII or there is no room.
    pub(crate) fn push(&mut self, b: u8) -> bool {
        match self.bytes.get_mut(self.len) {
            Some(slot) if b.is_ascii() => {
                *slot = b;
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// Appends `s`; false (nothing appended) if it is not all ASCII or does not fit.
    pub(crate) fn push_str(&mut self, s: &str) -> bool {
        if !s.is_ascii() {
            return false;
        }
        match self.room(s.len()) {
            Some(room) => {
                room.copy_from_slice(s.as_bytes());
                true
            }
            None => false,
        }
    }

    /// Appends the last `width` decimal digits of `n`, zero-padded; false (nothing
    /// appended) if there is no room.
    pub(crate) fn push_decimal(&mut self, mut n: u64, width: usize) -> bool {
        let Some(room) = self.room(width) else {
            return false;
        };
        for slot in room.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        true
    }

    /// Appends the last `width` lower-case hexadecimal digits of `n`, zero-padded; false
    /// (nothing appended) if there is no room.
    pub(crate) fn push_hex(&mut self, mut n: u64, width: usize) -> bool {
        let Some(room) = self.room(width) else {
            return false;
        };
        for slot in room.iter_mut().rev() {
            let digit = (n & 0xf) as u8;
            *slot = if digit < 10 {
                b'0' + digit
            } else {
                b'a' + digit - 10
            };
            n >>= 4;
        }
        true
    }

    pub(crate) fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        debug_assert!(bytes.is_ascii());
        // SAFETY: every byte below `len` was stored by `push` or `push_str`, which store
        // ASCII bytes only, or by `push_decimal` and `push_hex`, which store the ASCII
        // digits `0`-`9` and `a`-`f` only; ASCII is valid UTF-8. (Checking it again with
        // `str::from_utf8` was a twentieth of the 10,000-step script's run.)
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

impl<const N: usize> fmt::Write for AsciiText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.push_str(s) {
            Ok(())
        } else {
            Err(fmt::Error)
        }
    }
}

/// The number of decimal digits of `n`.
pub(crate) fn decimal_width(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    #[test]
    fn digits_are_zero_padded_to_their_width() {
        let mut text = AsciiText::<40>::new();
        assert!(text.push_str("eni-"));
        assert!(text.push_hex(0xab_cdef, 8));
        assert!(text.push(b' '));
        assert!(text.push_decimal(7, 3));
        assert!(text.push_decimal(u64::MAX, decimal_width(u64::MAX)));
        assert_eq!(text.as_str(), "eni-00abcdef 00718446744073709551615");
        assert_eq!(decimal_width(0), 1);
        assert_eq!(decimal_width(10), 2);
    }

    #[test]
    fn what_does_not_fit_or_is_not_ascii_is_refused_whole() {
        let mut text = AsciiText::<4>::new();
        assert!(text.push_str("ab"));
        assert!(!text.push_str("cde"));
        assert!(!text.push_str("é"));
        assert!(!text.push(0x80));
        assert!(!text.push_decimal(123, 3));
        assert!(text.write_str("cd").is_ok());
        assert!(!text.push(b'e'));
        assert!(!text.push_hex(1, 1));
        assert!(text.write_char('f').is_err());
        assert_eq!(text.as_str(), "abcd");
    }
}
