//! Short ASCII texts built on the stack (ids, times, DNS names, numbers) and read as
//! `&str` without validating them again: an answer writes dozens of them.

use std::fmt;
use std::net::Ipv4Addr;

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
    pub(crate) fn push_hex(&mut self, n: u64, width: usize) -> bool {
        let Some(room) = self.room(width) else {
            return false;
        };
        let digits = hex_digits(n);
        let (padding, tail) = room.split_at_mut(width.saturating_sub(digits.len()));
        padding.fill(b'0');
        let from = digits.len() - tail.len();
        if let Some(last) = digits.get(from..) {
            tail.copy_from_slice(last);
        }
        true
    }

    /// Appends an IPv4 address's four decimal octets, `separator` between them (`.` for
    /// the address, `-` in a DNS name), each octet's digits copied from a table; false
    /// (nothing appended) if there is no room or the separator is not ASCII.
    pub(crate) fn push_octets(&mut self, address: Ipv4Addr, separator: u8) -> bool {
        let mut text = [0; 16];
        let mut len = 0;
        for octet in address.octets() {
            let [digits @ .., width] = OCTET_DIGITS[usize::from(octet)];
            if let Some(slot) = text.get_mut(len..len + 3) {
                slot.copy_from_slice(&digits);
            }
            len += usize::from(width);
            if let Some(slot) = text.get_mut(len) {
                *slot = separator;
            }
            len += 1;
        }
        let text = text.get(..len - 1).unwrap_or_default();
        if !separator.is_ascii() {
            return false;
        }
        match self.room(text.len()) {
            Some(room) => {
                room.copy_from_slice(text);
                true
            }
            None => false,
        }
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

/// Each octet's decimal digits (left-aligned in three bytes) and their count: an
/// address's text is four copies of three bytes and four separators, without a division.
const OCTET_DIGITS: [[u8; 4]; 256] = {
    let mut table = [[0; 4]; 256];
    let mut n = 0;
    while n < 256 {
        let (hundreds, tens, ones) = ((n / 100) as u8, (n / 10 % 10) as u8, (n % 10) as u8);
        table[n] = if n >= 100 {
            [b'0' + hundreds, b'0' + tens, b'0' + ones, 3]
        } else if n >= 10 {
            [b'0' + tens, b'0' + ones, 0, 2]
        } else {
            [b'0' + ones, 0, 0, 1]
        };
        n += 1;
    }
    table
};

/// The 16 lower-case hexadecimal digits of `n`, most significant first, computed
/// for all 16 at once: each nibble is spread into a byte of a `u128`, then `'0'` is
/// added to every byte and `'a' - '0' - 10` more to those above 9 (no byte carries
/// into the next: a nibble plus 6 is at most 0x15).
fn hex_digits(n: u64) -> [u8; 16] {
    const fn lanes(byte: u8) -> u128 {
        u128::from_ne_bytes([byte; 16])
    }
    let mut x = u128::from(n);
    x = (x & 0xffff_ffff) | ((x & 0xffff_ffff_0000_0000) << 32);
    x = (x & 0x0000_0000_0000_ffff_0000_0000_0000_ffff)
        | ((x & 0x0000_0000_ffff_0000_0000_0000_ffff_0000) << 16);
    x = (x & 0x0000_00ff_0000_00ff_0000_00ff_0000_00ff)
        | ((x & 0x0000_ff00_0000_ff00_0000_ff00_0000_ff00) << 8);
    x = (x & lanes(0x0f)) | ((x & lanes(0xf0)) << 4);
    let above_nine = ((x + lanes(0x06)) >> 4) & lanes(0x01);
    (x + lanes(b'0') + above_nine * u128::from(b'a' - b'0' - 10)).to_be_bytes()
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
    fn hex_digits_match_the_formatter_at_every_width() {
        let mut ids = crate::ids::IdGenerator::new(3);
        let values = [0, 9, 10, 0xf, 0xabc, 0x0123_4567_89ab_cdef, u64::MAX];
        for n in values.into_iter().chain((0..1000).map(|_| ids.next_u64())) {
            for width in 0..=20 {
                let mut text = AsciiText::<20>::new();
                assert!(text.push_hex(n, width));
                let full = format!("{n:020x}");
                assert_eq!(text.as_str(), &full[20 - width..], "{n:x} {width}");
            }
        }
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

    #[test]
    fn octets_are_the_address_text_with_the_separator() {
        for address in [
            Ipv4Addr::new(0, 0, 0, 0),
            Ipv4Addr::new(10, 0, 1, 5),
            Ipv4Addr::new(255, 99, 100, 9),
        ] {
            let mut text = AsciiText::<15>::new();
            assert!(text.push_octets(address, b'.'));
            assert_eq!(text.as_str(), address.to_string());
        }
        let mut dashes = AsciiText::<15>::new();
        assert!(dashes.push_octets(Ipv4Addr::new(3, 80, 100, 255), b'-'));
        assert_eq!(dashes.as_str(), "3-80-100-255");
    }

    #[test]
    fn every_octet_is_written_in_every_position() {
        for n in 0..=255u8 {
            for address in [
                Ipv4Addr::new(n, 7, 70, 200),
                Ipv4Addr::new(200, n, 7, 70),
                Ipv4Addr::new(70, 200, n, 7),
                Ipv4Addr::new(7, 70, 200, n),
            ] {
                let mut text = AsciiText::<20>::new();
                assert!(text.push_str("ip-"));
                assert!(text.push_octets(address, b'.'));
                assert_eq!(text.as_str(), format!("ip-{address}"));
            }
        }
    }

    #[test]
    fn octets_that_do_not_fit_are_refused_whole() {
        let mut text = AsciiText::<14>::new();
        assert!(!text.push_octets(Ipv4Addr::new(255, 255, 255, 255), b'.'));
        assert_eq!(text.as_str(), "");
        assert!(text.push_octets(Ipv4Addr::new(10, 0, 0, 1), b'.'));
        assert_eq!(text.as_str(), "10.0.0.1");
    }
}
