//! Share links and saved labs: a session's script, compressed and written in base64url.
//!
//! A lab travels as text: the optional undo-points line (a shell comment, see
//! [`crate::session::saved_text`]) and the script of its steps. For a link the text is
//! compressed with a small LZ77 coder whose history starts with [`DICTIONARY`] (the
//! default scenario and the CLI words the lab writes), so that the usual link is short,
//! then encoded as base64url: `#/lab?s=<payload>`.
//!
//! Decoding is hostile-input safe: every length, offset and character is checked, the
//! link's length and the decompressed size are capped, and nothing here panics. The text
//! it yields is only ever handed to the script parser.

use std::fmt;

/// The longest `s=` payload a link may carry, in characters.
pub const MAX_LINK_CHARS: usize = 32 * 1024;
/// The largest script a link or a saved lab may expand to, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;

/// The first byte of a payload: the format's version.
const VERSION: u8 = 1;
/// The shortest back-reference worth coding.
const MIN_MATCH: usize = 3;
/// The longest back-reference one token codes.
const MAX_MATCH: usize = 0x7f + MIN_MATCH;
/// The longest literal run one token codes.
const MAX_LITERALS: usize = 0x80;

/// The history both sides start from: what a lab's script is mostly made of.
pub const DICTIONARY: &str = concat!(
    include_str!("../../scenarios/default.sh"),
    "aws ec2 detach-network-interface --attachment-id eni-attach-",
    "\naws ec2 attach-network-interface --network-interface-id eni-",
    " --instance-id i-0 --device-index 1\n",
    "aws ec2 stop-instances --instance-ids i-0\n",
    "aws ec2 start-instances --instance-ids i-0\n",
    "aws ec2 terminate-instances --instance-ids i-0\n",
    "aws ec2 allocate-address --domain vpc\n",
    "aws ec2 associate-address --allocation-id eipalloc-0 --network-interface-id eni-0 --private-ip-address 172.31.",
    "\naws ec2 disassociate-address --association-id eipassoc-0\n",
    "aws ec2 release-address --allocation-id eipalloc-0\n",
    "aws ec2 create-network-interface --subnet-id subnet-0\n",
    "aws ec2 assign-private-ip-addresses --network-interface-id eni-0 --secondary-private-ip-address-count 1\n",
    "netlab advance-time --hours 1\n",
    "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro --subnet-id subnet-0",
);

/// Why a link or a saved lab could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The payload is longer than [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// A character that base64url does not use, at a 1-based position.
    NotBase64 { position: usize },
    /// The payload is empty or was made by a format this build does not know.
    UnknownVersion,
    /// The compressed data is damaged.
    Damaged(&'static str),
    /// The script would be larger than [`MAX_SCRIPT_BYTES`].
    TooLarge,
    /// The bytes are not UTF-8 text.
    NotText,
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { chars } => write!(
                f,
                "it is {chars} characters long, more than the {MAX_LINK_CHARS} a lab link may carry"
            ),
            ShareError::NotBase64 { position } => {
                write!(f, "character {position} is not base64url")
            }
            ShareError::UnknownVersion => write!(f, "it was not made by this lab"),
            ShareError::Damaged(what) => write!(f, "its data is damaged ({what})"),
            ShareError::TooLarge => write!(
                f,
                "its script would be larger than {} KiB",
                MAX_SCRIPT_BYTES / 1024
            ),
            ShareError::NotText => write!(f, "its script is not UTF-8 text"),
        }
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648, section 5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 0x3f) as usize] as char);
        }
    }
    out
}

fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Decodes base64url without padding; any other character is refused by position.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, ShareError> {
    let bytes = text.as_bytes();
    if bytes.len() % 4 == 1 {
        return Err(ShareError::Damaged("its length is not one of base64url"));
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for (c, chunk) in bytes.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &byte) in chunk.iter().enumerate() {
            let value = sextet(byte).ok_or_else(|| ShareError::NotBase64 {
                // Characters, not bytes: count what precedes this byte.
                position: text[..c * 4 + i].chars().count() + 1,
            })?;
            n |= value << (18 - 6 * i);
        }
        let full = chunk.len() - 1;
        for i in 0..full {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Ok(out)
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn flush_literals(out: &mut Vec<u8>, literals: &[u8]) {
    for run in literals.chunks(MAX_LITERALS) {
        out.push((run.len() - 1) as u8);
        out.extend_from_slice(run);
    }
}

const HASH_BITS: u32 = 13;

fn hash3(bytes: &[u8]) -> usize {
    let n = u32::from(bytes[0]) | (u32::from(bytes[1]) << 8) | (u32::from(bytes[2]) << 16);
    (n.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Compresses `data` against the [`DICTIONARY`]: a version byte, then tokens. A token is a
/// literal run (`0nnnnnnn` and n+1 bytes) or a back-reference (`1lllllll`, length l+3,
/// then the distance as a little-endian base-128 varint).
pub fn compress(data: &[u8]) -> Vec<u8> {
    const NONE: usize = usize::MAX;
    const TRIES: usize = 24;
    let dict = DICTIONARY.as_bytes();
    let mut history = Vec::with_capacity(dict.len() + data.len());
    history.extend_from_slice(dict);
    history.extend_from_slice(data);
    let mut head = vec![NONE; 1 << HASH_BITS];
    let mut prev = vec![NONE; history.len()];
    let insert = |pos: usize, head: &mut Vec<usize>, prev: &mut Vec<usize>| {
        if pos + MIN_MATCH <= history.len() {
            let h = hash3(&history[pos..]);
            prev[pos] = head[h];
            head[h] = pos;
        }
    };
    for pos in 0..dict.len() {
        insert(pos, &mut head, &mut prev);
    }
    let mut out = vec![VERSION];
    let mut literals: Vec<u8> = Vec::new();
    let mut pos = dict.len();
    while pos < history.len() {
        let mut best_len = 0;
        let mut best_dist = 0;
        if pos + MIN_MATCH <= history.len() {
            let mut candidate = head[hash3(&history[pos..])];
            let limit = (history.len() - pos).min(MAX_MATCH);
            let mut tries = 0;
            while candidate != NONE && tries < TRIES {
                let len = history[candidate..]
                    .iter()
                    .zip(&history[pos..pos + limit])
                    .take_while(|(a, b)| a == b)
                    .count();
                if len > best_len {
                    best_len = len;
                    best_dist = pos - candidate;
                    if len == limit {
                        break;
                    }
                }
                candidate = prev[candidate];
                tries += 1;
            }
        }
        if best_len >= MIN_MATCH {
            flush_literals(&mut out, &literals);
            literals.clear();
            out.push(0x80 | (best_len - MIN_MATCH) as u8);
            push_varint(&mut out, best_dist);
            for p in pos..pos + best_len {
                insert(p, &mut head, &mut prev);
            }
            pos += best_len;
        } else {
            literals.push(history[pos]);
            insert(pos, &mut head, &mut prev);
            pos += 1;
        }
    }
    flush_literals(&mut out, &literals);
    out
}

/// Undoes [`compress`], refusing damaged input and output larger than `max` bytes.
pub fn decompress(data: &[u8], max: usize) -> Result<Vec<u8>, ShareError> {
    let dict = DICTIONARY.as_bytes();
    let (&version, mut rest) = data.split_first().ok_or(ShareError::UnknownVersion)?;
    if version != VERSION {
        return Err(ShareError::UnknownVersion);
    }
    let mut history = dict.to_vec();
    while let Some((&control, tail)) = rest.split_first() {
        rest = tail;
        if control & 0x80 == 0 {
            let n = usize::from(control) + 1;
            if rest.len() < n {
                return Err(ShareError::Damaged("a literal run is cut short"));
            }
            history.extend_from_slice(&rest[..n]);
            rest = &rest[n..];
        } else {
            let len = usize::from(control & 0x7f) + MIN_MATCH;
            let mut dist = 0usize;
            let mut shift = 0;
            loop {
                let (&byte, tail) = rest
                    .split_first()
                    .ok_or(ShareError::Damaged("a distance is cut short"))?;
                rest = tail;
                if shift > 28 {
                    return Err(ShareError::Damaged("a distance is too large"));
                }
                dist |= usize::from(byte & 0x7f) << shift;
                shift += 7;
                if byte & 0x80 == 0 {
                    break;
                }
            }
            if dist == 0 || dist > history.len() {
                return Err(ShareError::Damaged(
                    "a back-reference points outside the data",
                ));
            }
            let start = history.len() - dist;
            for i in 0..len {
                let byte = history[start + i];
                history.push(byte);
            }
        }
        if history.len() - dict.len() > max {
            return Err(ShareError::TooLarge);
        }
    }
    Ok(history.split_off(dict.len()))
}

/// The `s=` payload for a lab's text.
pub fn encode_payload(text: &str) -> String {
    base64url_encode(&compress(text.as_bytes()))
}

/// The lab's text from an `s=` payload.
pub fn decode_payload(payload: &str) -> Result<String, ShareError> {
    let chars = payload.chars().count();
    if chars > MAX_LINK_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    let bytes = base64url_decode(payload)?;
    let text = decompress(&bytes, MAX_SCRIPT_BYTES)?;
    String::from_utf8(text).map_err(|_| ShareError::NotText)
}

/// The `s` parameter of a location hash such as `#/lab?s=PAYLOAD&embed=1`, if any.
pub fn link_param(hash: &str) -> Option<&str> {
    let (_, query) = hash.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("s="))
        .filter(|s| !s.is_empty())
}

/// The hash left in the address bar once a link's payload is read: `#/lab` with the
/// query's other parameters (`#/lab?s=P&lesson=a&step=b` gives `#/lab?lesson=a&step=b`), so
/// that a reload restores the autosave and keeps the rest of what the link asked for.
pub fn consumed_link_hash(hash: &str) -> String {
    let query = hash.split_once('?').map_or("", |(_, query)| query);
    let rest: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("s="))
        .collect();
    if rest.is_empty() {
        "#/lab".to_string()
    } else {
        format!("#/lab?{}", rest.join("&"))
    }
}

/// A hash that opens the lab with a payload.
pub fn lab_hash(payload: &str) -> String {
    format!("#/lab?s={payload}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for n in 0..40 {
            let encoded = base64url_encode(&data[..n]);
            assert!(!encoded.contains('=') && !encoded.contains('+') && !encoded.contains('/'));
            assert_eq!(base64url_decode(&encoded).unwrap(), &data[..n]);
        }
        assert_eq!(base64url_encode(b"hello?>"), "aGVsbG8_Pg");
    }

    #[test]
    fn a_script_round_trips_through_a_link_payload() {
        let script = format!(
            "{}aws ec2 stop-instances --instance-ids i-0123456789abcdef0\n# ünïcode stays\n",
            DICTIONARY
        );
        let payload = encode_payload(&script);
        assert_eq!(decode_payload(&payload).unwrap(), script);
        assert_eq!(decode_payload(&encode_payload("")).unwrap(), "");
        let odd: String = (0..3000)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        assert_eq!(decode_payload(&encode_payload(&odd)).unwrap(), odd);
    }

    #[test]
    fn the_default_scenario_makes_a_short_link() {
        let payload = encode_payload(crate::session::DEFAULT_SCENARIO);
        assert!(payload.len() < 100, "{} characters", payload.len());
    }

    #[test]
    fn hostile_payloads_are_refused_with_a_reason() {
        assert_eq!(
            decode_payload("abc$def"),
            Err(ShareError::NotBase64 { position: 4 })
        );
        assert_eq!(
            decode_payload("%%%%"),
            Err(ShareError::NotBase64 { position: 1 })
        );
        assert_eq!(decode_payload(""), Err(ShareError::UnknownVersion));
        assert_eq!(
            decode_payload(&base64url_encode(&[9, 0, b'a'])),
            Err(ShareError::UnknownVersion)
        );
        assert!(matches!(decode_payload("A"), Err(ShareError::Damaged(_))));
        // A literal run longer than the data.
        assert!(matches!(
            decode_payload(&base64url_encode(&[VERSION, 10, b'a'])),
            Err(ShareError::Damaged(_))
        ));
        // A back-reference before the start of the history.
        assert!(matches!(
            decode_payload(&base64url_encode(&[VERSION, 0x80, 0xff, 0xff, 0x7f])),
            Err(ShareError::Damaged(_))
        ));
        // A distance that never ends.
        assert!(matches!(
            decode_payload(&base64url_encode(&[
                VERSION, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
            ])),
            Err(ShareError::Damaged(_))
        ));
        // A tiny payload that expands without end (a zip bomb) stops at the cap.
        let mut bomb = vec![VERSION, 0, b'x'];
        for _ in 0..5000 {
            bomb.extend([0xff, 1]);
        }
        assert_eq!(
            decode_payload(&base64url_encode(&bomb)),
            Err(ShareError::TooLarge)
        );
        let long = "A".repeat(MAX_LINK_CHARS + 1);
        assert!(matches!(
            decode_payload(&long),
            Err(ShareError::TooLong { .. })
        ));
        // Bytes that are not UTF-8.
        assert_eq!(
            decode_payload(&base64url_encode(&[VERSION, 1, 0xff, 0xfe])),
            Err(ShareError::NotText)
        );
        assert_eq!(
            ShareError::NotBase64 { position: 3 }.to_string(),
            "character 3 is not base64url"
        );
    }

    #[test]
    fn random_bytes_never_panic_the_decoder() {
        let mut state = 0x1234_5678_u64;
        for _ in 0..2000 {
            let len = (state % 64) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let mut framed = vec![VERSION];
            framed.extend(&bytes);
            let _ = decode_payload(&base64url_encode(&framed));
            let _ = decompress(&bytes, 1024);
        }
    }

    #[test]
    fn the_link_parameter_is_read_from_the_hash_query() {
        assert_eq!(link_param("#/lab?s=abc"), Some("abc"));
        assert_eq!(link_param("#/lab?embed=1&s=xyz"), Some("xyz"));
        assert_eq!(link_param("#/lab"), None);
        assert_eq!(link_param("#/lab?s="), None);
        assert_eq!(lab_hash("abc"), "#/lab?s=abc");
    }

    #[test]
    fn a_consumed_link_keeps_its_other_parameters() {
        assert_eq!(consumed_link_hash("#/lab?s=abc"), "#/lab");
        assert_eq!(
            consumed_link_hash("#/lab?s=abc&lesson=eni-move&step=move"),
            "#/lab?lesson=eni-move&step=move"
        );
        assert_eq!(consumed_link_hash("#/lab?embed=1&s=abc"), "#/lab?embed=1");
    }
}
