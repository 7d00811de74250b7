//! JSON written so that a line splitter sees one line: U+2028 and U+2029
//! escaped.

use crate::rules::within_slice;
use std::io;

/// A `serde_json` formatter that writes compact JSON with the line and
/// paragraph separators (U+2028, U+2029) escaped as `\u2028` and `\u2029`.
///
/// JSON allows them raw inside strings, and `serde_json` writes them so;
/// but a JavaScript line reader, a log shipper or an editor splits lines on
/// them, so a member name holding one would turn one JSON line into three.
/// The problem bodies of this crate and the command-line tool's
/// `--format json` are written with it.
///
/// ```
/// use serde::Serialize;
/// let mut out = Vec::new();
/// let mut ser = serde_json::Serializer::with_formatter(&mut out, mpsd_handles::LineSafe);
/// "a\u{2028}b\u{2029}".serialize(&mut ser).unwrap();
/// assert_eq!(out, br#""a\u2028b\u2029""#);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct LineSafe;

impl serde_json::ser::Formatter for LineSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Both separators are E2 80 A8 / E2 80 A9 in UTF-8: look for the
        // lead byte only where it can start one.
        let bytes = fragment.as_bytes();
        let mut run = 0;
        let mut at = 0;
        while let Some(offset) = bytes
            .get(at..)
            .and_then(|b| b.iter().position(|&x| x == 0xE2))
        {
            let start = at + offset;
            let escape = match bytes.get(start + 1..start + 3) {
                Some([0x80, 0xA8]) => b"\\u2028",
                Some([0x80, 0xA9]) => b"\\u2029",
                _ => {
                    at = start + 1;
                    continue;
                }
            };
            writer.write_all(within_slice(bytes, run..start))?;
            writer.write_all(escape)?;
            run = start + 3;
            at = run;
        }
        writer.write_all(within_slice(bytes, run..))
    }
}

/// `value` as one line of JSON text (no newline), written with [`LineSafe`].
///
/// # Errors
/// What `value`'s `Serialize` or the writer reports.
pub(crate) fn to_vec<T: ?Sized + serde::Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, LineSafe,
    ))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parses_back_to_the_same_text_and_holds_no_separator(
            text in "[a\"\\\\\n\u{2028}\u{2029}\u{2027}\u{202a}€é\u{e2}]{0,24}",
        ) {
            let out = super::to_vec(&text).unwrap();
            let shown = String::from_utf8(out).unwrap();
            let separators = ['\u{2028}', '\u{2029}'];
            prop_assert!(!shown.contains(separators), "{}", shown);
            let back: String = serde_json::from_str(&shown).unwrap();
            prop_assert_eq!(back, text);
        }
    }
}
