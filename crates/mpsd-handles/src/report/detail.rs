//! The data of a syntax error.

use super::locate::Location;

/// What kind of syntax error a body has: `serde_json`'s categories, and
/// the checks this crate makes before it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyntaxCategory {
    /// Not JSON text here (`serde_json`'s `Category::Syntax`).
    Syntax,
    /// The body ends before its value does (`Category::Eof`).
    Eof,
    /// JSON text that `serde_json` would not read (`Category::Data`).
    Data,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A UTF-8 byte order mark before the body.
    ByteOrderMark,
    /// A `\u` escape of half a UTF-16 surrogate pair.
    LoneSurrogate,
}

/// Where a body stops being JSON, what kind of error it is, and what
/// `serde_json` (or the crate) says is wrong there: the data of a
/// `syntax_error` violation ([`Violation::syntax_error`](crate::Violation::syntax_error)).
///
/// ```
/// let report = mpsd_handles::from_str("{\n  \"a\": 1,\n}").unwrap_err();
/// let syntax = report.violations()[0].syntax_error().unwrap();
/// assert_eq!(syntax.category(), mpsd_handles::SyntaxCategory::Syntax);
/// let at = syntax.location().unwrap();
/// assert_eq!((at.line(), at.column()), (3, 1));
/// assert_eq!(syntax.description(), "key must be a string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub(crate) category: SyntaxCategory,
    /// What is wrong, without the position.
    pub(crate) what: Box<str>,
    /// Where reading stopped (`None` when not known).
    pub(crate) at: Option<Location>,
}

impl SyntaxError {
    /// What kind of error it is.
    #[must_use]
    pub const fn category(&self) -> SyntaxCategory {
        self.category
    }

    /// Where reading stopped: 1-based line and column in characters.
    #[must_use]
    pub const fn location(&self) -> Option<&Location> {
        self.at.as_ref()
    }

    /// What is wrong, in `serde_json`'s words (or the crate's), without
    /// the position.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.what
    }
}
