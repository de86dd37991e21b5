//! Time helpers. The core never reads a clock: callers pass epoch milliseconds.

pub const DAY_MS: u64 = 86_400_000;

/// Formats epoch milliseconds as an ISO 8601 UTC timestamp, `2026-11-22T10:04:05.123Z`.
pub fn iso8601(ms: u64) -> String {
    let days = (ms / DAY_MS) as i64;
    let rem = ms % DAY_MS;
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    let n = crate::core::error::num;
    crate::core::error::cat(&[
        &n(y.max(0) as u64, 4),
        "-",
        &n(m as u64, 2),
        "-",
        &n(d as u64, 2),
        "T",
        &n(h, 2),
        ":",
        &n(min, 2),
        ":",
        &n(s, 2),
        ".",
        &n(milli, 3),
        "Z",
    ])
}

/// The UTC calendar date (year, month, day) of epoch milliseconds.
pub fn civil(ms: u64) -> (i64, u32, u32) {
    civil_from_days((ms / DAY_MS) as i64)
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(1_795_305_845_123), "2026-11-22T00:04:05.123Z");
    }
}
