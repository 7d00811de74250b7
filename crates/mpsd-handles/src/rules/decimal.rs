//! Canonical decimal digits: no sign, no leading zero (except `0` itself), no
//! whitespace, no exponent, ASCII digits only.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalError {
    /// Not canonical decimal digits at all.
    NotDecimal,
    /// Canonical digits, but greater than the maximum.
    OutOfRange,
}

/// Parses `s` as canonical decimal digits with a value of at most `max`.
pub(crate) fn parse_canonical(s: &str, max: u64) -> Result<u64, DecimalError> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(DecimalError::NotDecimal);
    }
    if bytes.len() > 1 && bytes.first() == Some(&b'0') {
        return Err(DecimalError::NotDecimal);
    }
    // Any 19 digits fit a u64; only a 20th can overflow it.
    let (head, tail) = bytes
        .split_at_checked(bytes.len().min(19))
        .unwrap_or((bytes, &[]));
    let mut value: u64 = 0;
    // Four digits at a time: their products do not depend on one another,
    // so the chain of dependent multiplications is a quarter as long.
    let mut chunks = head.chunks_exact(4);
    for chunk in &mut chunks {
        let n = chunk.iter().fold(0, |n, &b| n * 10 + u64::from(b - b'0'));
        value = value * 10_000 + n;
    }
    for &b in chunks.remainder() {
        value = value * 10 + u64::from(b - b'0');
    }
    for &b in tail {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or(DecimalError::OutOfRange)?;
    }
    if value > max {
        return Err(DecimalError::OutOfRange);
    }
    Ok(value)
}

/// A regular expression (without anchors) matching exactly the canonical
/// decimal spellings of `min..=max`, where `min` is 0 or 1.
///
/// Uses only `[0-9]`-style classes, alternation and bounded repetition, so it
/// means the same in ECMA-262, Python `re` and Rust `regex`.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) fn range_pattern(min: u64, max: u64) -> String {
    debug_assert!(min <= 1);
    let digits: Vec<u8> = max.to_string().bytes().map(|b| b - b'0').collect();
    let n = digits.len();
    let mut alts: Vec<String> = Vec::new();
    if min == 0 {
        alts.push("0".to_owned());
    }
    // Every number with fewer digits than max.
    if n >= 2 {
        alts.push(match n - 2 {
            0 => "[1-9]".to_owned(),
            k => format!("[1-9][0-9]{{0,{k}}}"),
        });
    }
    // Same number of digits: a prefix of max, then a smaller digit, then anything.
    for (i, &d) in digits.iter().enumerate() {
        let lo = u8::from(i == 0);
        if d > lo {
            let prefix: String = digits
                .iter()
                .take(i)
                .map(|d| char::from(b'0' + d))
                .collect();
            let class = if d - 1 == lo {
                format!("{lo}")
            } else {
                format!("[{lo}-{}]", d - 1)
            };
            let rest = match n - i - 1 {
                0 => String::new(),
                1 => "[0-9]".to_owned(),
                k => format!("[0-9]{{{k}}}"),
            };
            alts.push(format!("{prefix}{class}{rest}"));
        }
    }
    alts.push(max.to_string());
    alts.dedup();
    alts.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_digits() {
        assert_eq!(parse_canonical("0", 10), Ok(0));
        assert_eq!(parse_canonical("10", 10), Ok(10));
        assert_eq!(parse_canonical("11", 10), Err(DecimalError::OutOfRange));
        assert_eq!(parse_canonical("01", 10), Err(DecimalError::NotDecimal));
        assert_eq!(parse_canonical("", 10), Err(DecimalError::NotDecimal));
        assert_eq!(parse_canonical("+1", 10), Err(DecimalError::NotDecimal));
        assert_eq!(parse_canonical("1 ", 10), Err(DecimalError::NotDecimal));
        assert_eq!(parse_canonical("１", 10), Err(DecimalError::NotDecimal));
        assert_eq!(
            parse_canonical("18446744073709551615", u64::MAX),
            Ok(u64::MAX)
        );
        assert_eq!(
            parse_canonical("18446744073709551616", u64::MAX),
            Err(DecimalError::OutOfRange)
        );
        assert_eq!(
            parse_canonical("99999999999999999999999", u64::MAX),
            Err(DecimalError::OutOfRange)
        );
    }

    #[test]
    fn agrees_with_std_at_every_length() {
        let mut cases: Vec<String> = Vec::new();
        for len in 1..=21 {
            cases.push("9".repeat(len));
            cases.push(format!("1{}", "0".repeat(len - 1)));
            cases.push("1234567890123456789012".chars().take(len).collect());
        }
        for v in [u64::MAX, u64::MAX - 1, u64::from(u32::MAX), 10_u64.pow(19)] {
            cases.push(v.to_string());
            cases.push((u128::from(v) + 1).to_string());
        }
        for s in cases {
            let expected = match s.parse::<u64>() {
                Ok(v) => Ok(v),
                Err(_) => Err(DecimalError::OutOfRange),
            };
            assert_eq!(parse_canonical(&s, u64::MAX), expected, "{s}");
        }
    }

    #[test]
    fn range_pattern_shape() {
        assert_eq!(
            range_pattern(0, 255),
            "0|[1-9][0-9]{0,1}|1[0-9]{2}|2[0-4][0-9]|25[0-4]|255"
        );
        assert_eq!(range_pattern(1, 9), "[1-8]|9");
        assert_eq!(range_pattern(0, 10), "0|[1-9]|10");
    }
}
