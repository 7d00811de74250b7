//! Echoed input: escaped so that it cannot forge a line, and cut.

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
        for (i, c) in self.text.chars().enumerate() {
            if i == self.limit {
                f.write_char('…')?;
                break;
            }
            match c {
                '"' if quoted => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if needs_escape(c) => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        if quoted {
            f.write_char('"')?;
        }
        Ok(())
    }
}
