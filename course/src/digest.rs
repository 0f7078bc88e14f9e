//! The salted digest that stands in for a multiple-choice key, so that the key is not
//! readable from the page. It is obfuscation, not secrecy: an item has only a few choices.
//! Also compiled into the build script.

/// Mixed into every digest.
const SALT: &str = "ec2-netlab course key v1";

/// The digest of choosing `label` for item `item_id` (case and outer spaces ignored).
pub fn answer_digest(item_id: &str, label: &str) -> String {
    let text = format!(
        "{SALT}\u{0}{item_id}\u{0}{}",
        label.trim().to_ascii_lowercase()
    );
    // FNV-1a over the text, then a SplitMix64 finaliser, twice with different offsets.
    let mut out = String::new();
    for offset in [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4u64] {
        let mut h = offset;
        for byte in text.bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= h >> 30;
        h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 27;
        h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        out.push_str(&format!("{h:016x}"));
    }
    out
}
