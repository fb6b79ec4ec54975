//! The provider's timestamps (RFC 3339, e.g. `2024-04-22T10:00:19.077Z`) as unix milliseconds.

use crate::date::Date;

/// Parses `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)` strictly.
pub fn parse_ms(s: &str) -> Option<i64> {
    if !s.is_ascii() || s.len() < 20 || s.len() > 35 || s.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    let date = Date::parse(s.get(..10)?)?;
    let rest = s.get(11..)?;
    let b = rest.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let num = |r: core::ops::Range<usize>| -> Option<i64> {
        let p = rest.get(r)?;
        if p.bytes().all(|c| c.is_ascii_digit()) {
            int(p)
        } else {
            None
        }
    };
    let (h, m, sec) = (num(0..2)?, num(3..5)?, num(6..8)?);
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    let mut i = 8;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while end < b.len() && b[end].is_ascii_digit() {
            end += 1;
        }
        let digits = end - start;
        if digits == 0 || digits > 9 {
            return None;
        }
        // The first three digits, padded with zeros on the right: milliseconds.
        ms = b[start..end].iter().chain([b'0'; 3].iter()).take(3).fold(0, |v, c| v * 10 + i64::from(c - b'0'));
        i = end;
    }
    let offset_s = match rest.get(i..)? {
        "Z" => 0,
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && tz.as_bytes()[3] == b':' => {
            let oh = int(tz.get(1..3)?)?;
            let om = int(tz.get(4..6)?)?;
            if oh > 14 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if tz.starts_with('-') {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    let secs = date.days() as i64 * 86_400 + h * 3600 + m * 60 + sec - offset_s;
    Some(secs * 1000 + ms)
}

/// What `str::parse::<i64>` answers for the short texts above (an optional sign, then at least
/// one digit), without linking the standard integer parser for them.
fn int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes() {
        [b'+', rest @ ..] => (false, rest),
        [b'-', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = digits.iter().fold(0i64, |v, c| v * 10 + i64::from(c - b'0'));
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_provider_formats() {
        assert_eq!(parse_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_ms("2024-04-22T10:00:19.077Z"), Some(1_713_780_019_077));
        assert_eq!(parse_ms("2023-11-02T01:30:00.00Z"), Some(1_698_888_600_000));
        assert_eq!(parse_ms("2024-04-22T12:00:19.077+02:00"), Some(1_713_780_019_077));
        assert_eq!(parse_ms("2024-04-22T10:00:19.123456789Z"), Some(1_713_780_019_123));
        for bad in [
            "2024-04-22 10:00:19Z",
            "2024-04-22T10:00:19",
            "2024-04-22T24:00:00Z",
            "2024-02-30T10:00:00Z",
            "2024-04-22T10:00:19.Z",
            "x",
            "2024-04-22T10:00:19+2:00",
            "2024-04-22T10:00:19.0770000000Z",
        ] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn short_integers_read_as_the_standard_parser_reads_them() {
        for t in ["", "+", "-", "0", "09", "+1", "-1", "+-1", "1+", "1a", " 1", "14", "59", "999", "000000000000000000"] {
            assert_eq!(int(t), t.parse::<i64>().ok(), "{t:?}");
        }
        // A sign where the offset's hours or minutes go: read as the standard parser read it.
        assert_eq!(parse_ms("2024-04-22T12:00:19+-1:00"), Some(1_713_790_819_000));
    }
}
