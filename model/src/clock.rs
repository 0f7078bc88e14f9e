//! The simulated clock: a value the caller moves (`netlab advance-time`), never the wall clock.

use crate::ascii_text::{decimal_width, AsciiText};
use serde::Serialize;
use std::fmt;

/// Seconds since the simulation's epoch, 2025-01-06T09:00:00Z (a Monday morning).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

/// Days from 1970-01-01 to the simulation's epoch day, 2025-01-06.
const EPOCH_DAYS: i64 = 20_094;
const EPOCH_SECOND_OF_DAY: u64 = 9 * 3600;

impl SimTime {
    pub const START: SimTime = SimTime(0);

    pub fn plus_seconds(self, seconds: u64) -> SimTime {
        SimTime(self.0.saturating_add(seconds))
    }

    /// Hours between two instants, as a fraction.
    pub fn hours_since(self, earlier: SimTime) -> f64 {
        self.0.saturating_sub(earlier.0) as f64 / 3600.0
    }
}

/// Converts days since 1970-01-01 to a civil (year, month, day), after Howard Hinnant's
/// public-domain `civil_from_days` algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// An instant's ISO 8601 text with milliseconds and `Z`, as the AWS CLI prints
/// `LaunchTime` and `AttachTime`, built on the stack: responses print one for every
/// launch and attachment, so without the formatting machinery.
pub(crate) fn iso8601(time: SimTime) -> AsciiText<40> {
    let total = time.0.saturating_add(EPOCH_SECOND_OF_DAY);
    let days = EPOCH_DAYS + (total / 86_400) as i64;
    let secs = total % 86_400;
    let (year, month, day) = civil_from_days(days);
    let mut text = AsciiText::new();
    // The year has at least four digits; a clock moved far enough has more.
    let year = year.unsigned_abs();
    text.push_decimal(year, decimal_width(year).max(4));
    text.push(b'-');
    text.push_decimal(u64::from(month), 2);
    text.push(b'-');
    text.push_decimal(u64::from(day), 2);
    text.push(b'T');
    text.push_decimal(secs / 3600, 2);
    text.push(b':');
    text.push_decimal(secs / 60 % 60, 2);
    text.push(b':');
    text.push_decimal(secs % 60, 2);
    text.push_str(".000Z");
    text
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(iso8601(*self).as_str())
    }
}

impl Serialize for SimTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(iso8601(*self).as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_starts_on_a_fixed_monday_morning() {
        assert_eq!(SimTime::START.to_string(), "2025-01-06T09:00:00.000Z");
    }

    #[test]
    fn advancing_crosses_days_months_and_years() {
        assert_eq!(SimTime(15 * 3600).to_string(), "2025-01-07T00:00:00.000Z");
        assert_eq!(
            SimTime(360 * 86_400).to_string(),
            "2026-01-01T09:00:00.000Z"
        );
    }

    #[test]
    fn timestamps_are_zero_padded_and_years_grow_past_four_digits() {
        for (seconds, text) in [
            (1, "2025-01-06T09:00:01.000Z"),
            (14 * 3600 + 59 * 60 + 59, "2025-01-06T23:59:59.000Z"),
            (3 * 86_400 + 61, "2025-01-09T09:01:01.000Z"),
            (2_000 * 366 * 86_400 + 3_723, "4029-03-01T10:02:03.000Z"),
            (7_000 * 365 * 86_400, "9020-05-15T09:00:00.000Z"),
            (9_000 * 366 * 86_400 + 3_723, "11043-09-07T10:02:03.000Z"),
            (u64::MAX - 40_000, "584554051278-11-14T04:53:35.000Z"),
        ] {
            assert_eq!(SimTime(seconds).to_string(), text, "{seconds} s");
            let mut json = String::new();
            crate::json_text::write(&mut json, &SimTime(seconds)).unwrap();
            assert_eq!(json, format!("\"{text}\""));
        }
    }
}
