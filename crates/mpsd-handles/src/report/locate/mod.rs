//! Where violations are in the text of their body: found after the walk,
//! and only when asked (an invalid body pays for it; a valid one never
//! does), by one scan of the text that follows the report's pointers.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::{Code, Report, Violation, ViolationKind};

mod scan;

use crate::rules::within_slice;
use scan::{Place, Scan, Wanted};

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
    pub(crate) fn of(text: &[u8], bytes: Range<usize>) -> Self {
        Sweep::new(text).to(bytes)
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

/// Lines and columns counted in one pass from the start of a text: each
/// location asked for, in order of its start, costs only the bytes since
/// the one before (a report of 30 000 violations on one 60 KB line is
/// located in one pass, not 30 000).
struct Sweep<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
    column: usize,
}

impl<'t> Sweep<'t> {
    const fn new(text: &'t [u8]) -> Self {
        Self {
            text,
            at: 0,
            line: 1,
            column: 1,
        }
    }

    /// The location of `bytes`, whose start is not before the last one
    /// asked for (a start past the end is counted at the end).
    fn to(&mut self, bytes: Range<usize>) -> Location {
        let end = bytes.start.min(self.text.len());
        for &b in within_slice(self.text, self.at..end) {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                // Characters: every byte that does not continue a UTF-8 sequence.
                self.column += 1;
            }
        }
        self.at = self.at.max(end);
        Location {
            line: self.line,
            column: self.column,
            bytes,
        }
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
        s.serialize_field("message", &super::Message(&self.violation.kind))?;
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
        let too_deep = self.violations().iter().find_map(|v| match v.kind {
            ViolationKind::TooDeep { max } => Some(max),
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
        let places: Vec<Option<Place>> = self
            .violations()
            .iter()
            .map(|v| scan.place_of(v, &mut names_used))
            .collect();
        // Lines and columns in one sweep, in order of where each starts.
        let mut order: Vec<(usize, usize)> = places
            .iter()
            .enumerate()
            .filter_map(|(i, place)| match place {
                Some(Place::Bytes(bytes)) => Some((bytes.start, i)),
                _ => None,
            })
            .collect();
        order.sort_unstable();
        let mut counted: Vec<Option<Location>> = vec![None; places.len()];
        let mut sweep = Sweep::new(text);
        for (_, i) in order {
            if let (Some(Some(Place::Bytes(bytes))), Some(slot)) =
                (places.get(i), counted.get_mut(i))
            {
                *slot = Some(sweep.to(bytes.clone()));
            }
        }
        self.violations()
            .iter()
            .zip(places)
            .zip(counted)
            .map(|((v, place), counted)| Located {
                violation: v,
                location: match place {
                    Some(Place::Known(at)) => Some(at),
                    _ => counted,
                },
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
