//! Syntax errors: where a body stops being JSON, said precisely.
//!
//! The walk stops at the first thing it cannot read, which may be a number
//! beyond `f64` (valid JSON) rather than a syntax error; so the reported
//! error is found here, by `serde_json` reading the text without judging
//! numbers, and by a scan for lone surrogate escapes (which that reading
//! lets through).

use serde::de::IgnoredAny;

use crate::report::{Location, Pointer, SyntaxCategory, SyntaxError, Violation, ViolationKind};
use crate::rules::within_slice;

fn syntax(
    category: SyntaxCategory,
    what: impl std::fmt::Display,
    at: Option<Location>,
) -> Violation {
    Violation::new(
        Pointer::ROOT,
        ViolationKind::Syntax(SyntaxError {
            category,
            what: what.to_string().into(),
            at,
        }),
    )
}

/// A `serde_json` error on `text` as data: its message without the
/// position, and the position in characters. (`serde_json` counts columns
/// in bytes, and says column 0 just after a line break.)
fn from_serde(text: &str, e: &serde_json::Error) -> Violation {
    let shown = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let what = shown.strip_suffix(&suffix).unwrap_or(&shown);
    let line_start = if e.line() <= 1 {
        Some(0)
    } else {
        text.match_indices('\n')
            .nth(e.line() - 2)
            .map(|(at, _)| at + 1)
    };
    let at = line_start.map(|start| {
        let mut offset = (start + e.column().saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        Location::of(text.as_bytes(), offset..offset)
    });
    let category = match e.classify() {
        serde_json::error::Category::Eof => SyntaxCategory::Eof,
        serde_json::error::Category::Data => SyntaxCategory::Data,
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => {
            SyntaxCategory::Syntax
        }
    };
    syntax(category, what, at)
}

/// The first syntax error of `text`, or `None` when it is JSON.
pub(crate) fn error(text: &str) -> Option<Violation> {
    let grammar = serde_json::from_str::<IgnoredAny>(text).err();
    let surrogate = lone_surrogate(text).map(|at| (position(text, at), at));
    match (grammar, surrogate) {
        (Some(e), Some(((line, column), at))) if (line, column) < (e.line(), e.column()) => {
            Some(surrogate_error(text, at))
        }
        (Some(e), _) => Some(from_serde(text, &e)),
        (None, Some((_, at))) => Some(surrogate_error(text, at)),
        (None, None) => None,
    }
}

/// A walk that failed where [`error`] finds nothing wrong (never expected).
pub(crate) fn unexpected(e: &str) -> Violation {
    syntax(SyntaxCategory::Syntax, e, None)
}

fn surrogate_error(text: &str, at: usize) -> Violation {
    let escape = text.get(at..at + 6).unwrap_or("\\u");
    let location = Location::of(text.as_bytes(), at..(at + escape.len()).min(text.len()));
    syntax(
        SyntaxCategory::LoneSurrogate,
        format_args!(
            "the escape {escape} is a lone UTF-16 surrogate; \
             a character above U+FFFF is written as a pair of escapes such as \\ud83d\\ude00"
        ),
        Some(location),
    )
}

/// A body that starts with a UTF-8 byte-order mark.
pub(crate) fn byte_order_mark() -> Violation {
    syntax(
        SyntaxCategory::ByteOrderMark,
        "byte-order mark (U+FEFF) before the body; JSON text must not start with one",
        Some(Location::of("\u{feff}".as_bytes(), 0..3)),
    )
}

/// A body that is not UTF-8 (so not JSON), placed at its first bad byte.
pub(crate) fn not_utf8(bytes: &[u8]) -> Violation {
    let at = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let location = Location::of(bytes, at..(at + 1).min(bytes.len()));
    syntax(SyntaxCategory::NotUtf8, "invalid UTF-8", Some(location))
}

/// The 1-based line and column (in bytes) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    position_bytes(text.as_bytes(), at)
}

#[allow(clippy::naive_bytecount)] // the error path: no need for a crate
fn position_bytes(bytes: &[u8], at: usize) -> (usize, usize) {
    // A position past the end (serde_json's at the end of input) counts
    // at the end.
    let before = within_slice(bytes, ..at.min(bytes.len()));
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
    (line, column)
}

/// The four hexadecimal digits of a `\u` escape as a code unit.
fn hex4(digits: Option<&[u8]>) -> Option<u16> {
    let digits = std::str::from_utf8(digits?).ok()?;
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u16::from_str_radix(digits, 16).ok()
}

/// The byte offset of the first `\u` escape, inside a string, that is a
/// UTF-16 surrogate without its other half.
fn lone_surrogate(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut in_string = false;
    while let Some(&c) = b.get(i) {
        match (in_string, c) {
            (false, b'"') => in_string = true,
            (true, b'"') => in_string = false,
            (true, b'\\') if b.get(i + 1) == Some(&b'u') => match hex4(b.get(i + 2..i + 6)) {
                Some(0xD800..=0xDBFF) => {
                    let trail = b.get(i + 6..i + 8) == Some(b"\\u".as_slice())
                        && hex4(b.get(i + 8..i + 12))
                            .is_some_and(|t| (0xDC00..=0xDFFF).contains(&t));
                    if !trail {
                        return Some(i);
                    }
                    i += 11;
                }
                Some(0xDC00..=0xDFFF) => return Some(i),
                _ => i += 5,
            },
            (true, b'\\') => i += 1,
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates() {
        assert_eq!(lone_surrogate(r#"{"a":"\ud800"}"#), Some(6));
        assert_eq!(lone_surrogate(r#"{"a":"\udc00"}"#), Some(6));
        assert_eq!(lone_surrogate(r#"{"a":"\ud83d\ude00"}"#), None);
        assert_eq!(lone_surrogate(r#"{"a":"\\ud800"}"#), None);
        assert_eq!(lone_surrogate(r#"{"a":"\ud83d\u0041"}"#), Some(6));
        assert_eq!(lone_surrogate(r#"{"\ud800":1}"#), Some(2));
        assert_eq!(lone_surrogate(r#"{"a":"\u00e9\ud800"}"#), Some(12));
        assert_eq!(lone_surrogate(r"\ud800"), None);
        assert_eq!(lone_surrogate(r#""\ud80"#), None);
    }

    #[test]
    fn positions() {
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("ab", 0), (1, 1));
    }
}
