//! Where violations are in the text of their body: found after the walk,
//! and only when asked (an invalid body pays for it; a valid one never
//! does), by one scan of the text that follows the report's pointers.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::{Code, Detail, Report, Violation};

mod scan;

use scan::{Scan, Wanted};

/// Where something is in a body's text: the 1-based line and column
/// (counted in Unicode scalar values, as an editor counts characters) and
/// the byte range it spans.
///
/// ```
/// let text = "{\n  \"version\": 2,\n  \"type\": \"activity\"\n}";
/// let report = mpsd_handles::from_str(text).unwrap_err();
/// let located = report.locate(text.as_bytes());
/// let version = located.iter().find(|l| l.violation().pointer() == "/version").unwrap();
/// let at = version.location().unwrap();
/// assert_eq!((at.line(), at.column()), (2, 14));
/// assert_eq!(&text[at.byte_range()], "2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    line: usize,
    column: usize,
    bytes: Range<usize>,
}

impl Location {
    /// The location of bytes `bytes` of `text` (whose start must be on a
    /// character boundary of the valid UTF-8 before it).
    #[allow(clippy::naive_bytecount)] // the error path: no need for a crate
    pub(crate) fn of(text: &[u8], bytes: Range<usize>) -> Self {
        let before = text.get(..bytes.start).unwrap_or(text);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |at| at + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let on_line = before.get(line_start..).unwrap_or_default();
        // Characters: every byte that does not continue a UTF-8 sequence.
        let column = 1 + on_line.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        Self {
            line,
            column,
            bytes,
        }
    }

    /// The 1-based line.
    #[must_use]
    pub const fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column, in characters (Unicode scalar values).
    #[must_use]
    pub const fn column(&self) -> usize {
        self.column
    }

    /// The bytes of the text it spans (empty where a thing is missing,
    /// such as the end of a body that stops early).
    #[must_use]
    pub fn byte_range(&self) -> Range<usize> {
        self.bytes.clone()
    }
}

impl fmt::Display for Location {
    /// `LINE:COLUMN`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A violation together with where it is in its body's text, from
/// [`Report::locate`]. `Serialize` writes `{"pointer", "code", "message",
/// "line", "column"}` (`null` where the place is unknown); `Display`
/// writes `LINE:COLUMN: ` before the violation's own `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'a> {
    violation: &'a Violation,
    location: Option<Location>,
}

impl<'a> Located<'a> {
    /// The violation.
    #[must_use]
    pub const fn violation(&self) -> &'a Violation {
        self.violation
    }

    /// Where it is: for most violations the value the pointer names; for
    /// an unknown or repeated member its name; for a missing member the
    /// `{` of the object that lacks it; for a syntax error or a limit, the
    /// place where reading stopped. `None` when the text does not hold it
    /// (it is not the text the report is about).
    #[must_use]
    pub const fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.location {
            write!(f, "{at}: ")?;
        }
        fmt::Display::fmt(self.violation, f)
    }
}

impl Serialize for Located<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Violation", 5)?;
        s.serialize_field("pointer", self.violation.pointer())?;
        s.serialize_field("code", &self.violation.code())?;
        s.serialize_field("message", &super::Message(&self.violation.detail))?;
        s.serialize_field("line", &self.location.as_ref().map(Location::line))?;
        s.serialize_field("column", &self.location.as_ref().map(Location::column))?;
        s.end()
    }
}

impl Report {
    /// Each violation with where it is in `text`, the body this report is
    /// about (as bytes, so that a body that is not UTF-8 can be given as
    /// it came), in the report's order. One scan of the text; call it only
    /// for what you show.
    #[must_use]
    pub fn locate(&self, text: &[u8]) -> Vec<Located<'_>> {
        let mut wanted: HashMap<&str, Wanted> = HashMap::new();
        for v in self.violations() {
            if let Some((pointer, anchor)) = anchor(v) {
                let w = wanted.entry(pointer).or_default();
                match anchor {
                    Anchor::Value => w.value = true,
                    Anchor::Name => w.name = true,
                    Anchor::Open => w.open = true,
                }
            }
        }
        let too_deep = self.violations().iter().find_map(|v| match v.detail {
            Detail::TooDeep { max } => Some(max),
            _ => None,
        });
        let mut scan = Scan {
            text,
            at: 0,
            path: String::new(),
            wanted,
            found: HashMap::new(),
            too_deep,
            deepest: None,
        };
        let _ = scan.value(1);
        let mut names_used: HashMap<&str, usize> = HashMap::new();
        self.violations()
            .iter()
            .map(|v| Located {
                violation: v,
                location: scan.place_of(v, &mut names_used),
            })
            .collect()
    }
}

/// What a violation is about, in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The value at the pointer.
    Value,
    /// The member name at the pointer.
    Name,
    /// The `{` of the object at the pointer.
    Open,
}

/// The pointer and anchor a violation is placed by; `None` for those
/// placed otherwise (syntax errors, limits).
pub(super) fn anchor(v: &Violation) -> Option<(&str, Anchor)> {
    let pointer = v.pointer().as_str();
    match v.code() {
        Code::SyntaxError | Code::BodyTooLarge | Code::TooDeep => None,
        Code::UnknownMember | Code::DuplicateMember => Some((pointer, Anchor::Name)),
        Code::MissingMember => {
            let parent = pointer.rsplit_once('/').map_or("", |(parent, _)| parent);
            Some((parent, Anchor::Open))
        }
        _ => Some((pointer, Anchor::Value)),
    }
}
