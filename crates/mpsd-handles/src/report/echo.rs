//! Echoed input: escaped so that it cannot forge a line, and cut.

use crate::rules::within;
use std::fmt;

/// At most this many characters of an input value are echoed in a message.
pub const ECHO_LIMIT: usize = 64;

/// Text from the input as a message or a result line shows it: backslashes,
/// control and invisible formatting characters escaped (`\\`, `\n`,
/// `\u{202e}`), so that it cannot start a line of its own or reorder what
/// follows; cut after [`ECHO_LIMIT`] characters with `…` unless built with
/// [`Echo::whole`]. Every message of this crate echoes input this way.
///
/// `Display` writes it bare; the alternate form (`{:#}`) quotes it and
/// escapes `"` too.
///
/// ```
/// use mpsd_handles::Echo;
/// assert_eq!(Echo::new("a\nfake.json: valid").to_string(), r"a\nfake.json: valid");
/// assert_eq!(format!("{:#}", Echo::new("say \"hi\"\u{202e}")), r#""say \"hi\"\u{202e}""#);
/// assert_eq!(Echo::new(&"x".repeat(100)).to_string(), format!("{}…", "x".repeat(64)));
/// assert_eq!(Echo::whole(&"x".repeat(100)).to_string(), "x".repeat(100));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Echo<'a> {
    text: &'a str,
    limit: usize,
}

impl<'a> Echo<'a> {
    /// `text`, cut after [`ECHO_LIMIT`] characters.
    #[must_use]
    pub const fn new(text: &'a str) -> Self {
        Self {
            text,
            limit: ECHO_LIMIT,
        }
    }

    /// `text`, escaped but never cut (file names, which the user chose).
    #[must_use]
    pub const fn whole(text: &'a str) -> Self {
        Self {
            text,
            limit: usize::MAX,
        }
    }
}

/// Whether `c` must be escaped: controls (C0, DEL, C1), and the invisible
/// characters that change how a line reads (zero-width, bidirectional
/// overrides and isolates, line and paragraph separators, the BOM).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}')
}

impl fmt::Display for Echo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        let quoted = f.alternate();
        if quoted {
            f.write_char('"')?;
        }
        // Runs of characters shown as they are are written in one piece.
        let text = self.text;
        let mut run = 0;
        let mut end = text.len();
        let mut cut = false;
        for (n, (at, c)) in text.char_indices().enumerate() {
            if n == self.limit {
                end = at;
                cut = true;
                break;
            }
            let escape = match c {
                '"' if quoted => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                c if needs_escape(c) => "",
                _ => continue,
            };
            f.write_str(within(text, run..at))?;
            run = at + c.len_utf8();
            if escape.is_empty() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_str(escape)?;
            }
        }
        f.write_str(within(text, run..end))?;
        if cut {
            f.write_char('…')?;
        }
        if quoted {
            f.write_char('"')?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Echo, needs_escape};
    use proptest::prelude::*;

    /// The escaping written out a character at a time.
    fn reference(text: &str, limit: usize, quoted: bool) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        if quoted {
            out.push('"');
        }
        for (i, c) in text.chars().enumerate() {
            if i == limit {
                out.push('…');
                break;
            }
            match c {
                '"' if quoted => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if needs_escape(c) => write!(out, "\\u{{{:x}}}", u32::from(c)).unwrap(),
                c => out.push(c),
            }
        }
        if quoted {
            out.push('"');
        }
        out
    }

    #[test]
    fn runs_and_escapes() {
        let echo = Echo::new("a\"b\\c\nd\u{202e}é€\t");
        assert_eq!(echo.to_string(), "a\"b\\\\c\\nd\\u{202e}é€\\t");
        assert_eq!(format!("{echo:#}"), "\"a\\\"b\\\\c\\nd\\u{202e}é€\\t\"");
        let cut = Echo {
            text: "ab\ncd",
            limit: 3,
        };
        assert_eq!(cut.to_string(), "ab\\n…");
        let exact = Echo {
            text: "ab\n",
            limit: 3,
        };
        assert_eq!(exact.to_string(), "ab\\n");
    }

    proptest! {
        #[test]
        fn writes_what_a_character_at_a_time_writes(
            text in "[a\"\\\\\n\r\t\u{0}\u{7f}\u{85}é€\u{200b}\u{2028}\u{202e}\u{feff}\u{1f600}]{0,24}",
            limit in 0usize..30,
            quoted in any::<bool>(),
        ) {
            let echo = Echo { text: &text, limit };
            let shown = if quoted { format!("{echo:#}") } else { echo.to_string() };
            prop_assert_eq!(shown, reference(&text, limit, quoted));
        }
    }
}
