//! Number spellings (docs/rules.md §2 "Numbers"): a number's spelling is judged
//! before its value.

/// An integer spelling: an optional minus sign, then digits (JSON forbids
/// leading zeros, so `digits` is canonical). `None` for a spelling with a
/// fraction or an exponent.
pub(crate) fn integer(spelling: &str) -> Option<(bool, &str)> {
    let (negative, digits) = match spelling.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, spelling),
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((negative, digits))
}

#[cfg(test)]
mod tests {
    use super::integer;

    #[test]
    fn spellings() {
        assert_eq!(integer("1"), Some((false, "1")));
        assert_eq!(integer("-0"), Some((true, "0")));
        assert_eq!(
            integer("18446744073709551616"),
            Some((false, "18446744073709551616"))
        );
        for other in ["1.0", "1e0", "-1e3", "-5.0", "1E400", "", "-"] {
            assert_eq!(integer(other), None, "{other}");
        }
    }
}
