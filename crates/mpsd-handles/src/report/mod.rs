//! Violations and the report that collects them; what they say is worded
//! in `wording.rs`, lazily.

use std::fmt;

use serde::Serialize;

mod code;
mod detail;
mod echo;
mod kind;
pub(crate) mod line_safe;
mod locate;
mod pointer;
mod wording;

pub use detail::{SyntaxCategory, SyntaxError};
pub use echo::{ECHO_LIMIT, Echo};
pub(crate) use kind::short;
pub use kind::{Code, ViolationKind};
pub use line_safe::LineSafe;
pub use locate::{Located, Location};

use crate::rules::InvalidValue;
pub use pointer::Pointer;

// `InvalidValue` is defined with the rules; its wording lives here.
impl InvalidValue {
    /// What rule was broken, with its data.
    ///
    /// ```
    /// use mpsd_handles::ViolationKind;
    /// let e = "".parse::<mpsd_handles::model::TemplateName>().unwrap_err();
    /// assert!(matches!(e.kind(), ViolationKind::NameEmpty { max: 100, .. }));
    /// ```
    #[must_use]
    pub fn kind(&self) -> ViolationKind {
        let value = crate::rules::Json::Str(std::borrow::Cow::Borrowed(&self.value));
        ViolationKind::from_fault(self.fault, self.member, &value)
    }

    /// Which rule was broken.
    #[must_use]
    pub fn code(&self) -> Code {
        self.kind().code()
    }

    /// An English sentence that says how, written when displayed.
    #[must_use]
    pub fn message(&self) -> impl fmt::Display + '_ {
        self.kind()
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind();
        write!(f, "{} [{}]", kind, kind.code())
    }
}

impl std::error::Error for InvalidValue {}

// A report is one vector of its violations (three words), so that
// `Result<_, Report>` costs no more than the model it replaces; a violation
// stays small, since a body with many of them is one allocation of these.
const _: () = assert!(size_of::<Report>() <= 3 * size_of::<usize>());
const _: () = assert!(size_of::<Violation>() <= 96);

/// One broken rule at one place in a request body.
///
/// It keeps the facts (the code, the pointer, a short copy of the offending
/// value); its English sentence is written only when asked for, by
/// [`Violation::message`] or `Display`. `Serialize` writes
/// `{"pointer", "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pointer: Pointer,
    code: Code,
    kind: ViolationKind,
}

impl Violation {
    pub(crate) fn new(pointer: Pointer, kind: ViolationKind) -> Self {
        Self {
            pointer,
            code: kind.code(),
            kind,
        }
    }

    /// Where: an RFC 6901 JSON pointer using the wire (JSON) member names;
    /// `""` is the whole body. A missing member is reported at the pointer
    /// it would have.
    #[must_use]
    pub fn pointer(&self) -> &Pointer {
        &self.pointer
    }

    /// What: a stable code.
    #[must_use]
    pub fn code(&self) -> Code {
        self.code
    }

    /// Why: an English sentence fit for a log line. Echoed input in it is
    /// escaped and cut (see [`Echo`]).
    ///
    /// ```
    /// let report = mpsd_handles::from_str(r#"{"version": 2}"#).unwrap_err();
    /// let v = report.iter().find(|v| v.pointer() == "/version").unwrap();
    /// assert_eq!(v.message().to_string(), "version 2 is not supported: the only version is 1.");
    /// ```
    #[must_use]
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.kind
    }

    /// What rule was broken, with its data (the facts the message states).
    #[must_use]
    pub fn kind(&self) -> &ViolationKind {
        &self.kind
    }

    /// The data of a `syntax_error`: its kind, where reading stopped, and
    /// what is wrong; `None` for any other violation.
    #[must_use]
    pub fn syntax_error(&self) -> Option<&SyntaxError> {
        match &self.kind {
            ViolationKind::Syntax(syntax) => Some(syntax),
            _ => None,
        }
    }
}

impl fmt::Display for Violation {
    /// `POINTER: message [code]`, with the whole body shown as `(root)` and
    /// the pointer escaped and cut as an [`Echo`] (so that a member name
    /// cannot forge a line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_root() {
            f.write_str("(root)")?;
        } else {
            write!(f, "{}", Echo::new(self.pointer.as_str()))?;
        }
        write!(f, ": {} [{}]", self.kind, self.code)
    }
}

impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Violation", 3)?;
        s.serialize_field("pointer", &self.pointer)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("message", &Message(&self.kind))?;
        s.end()
    }
}

/// Serializes a kind's sentence without building a `String` first.
struct Message<'a>(&'a ViolationKind);

impl Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Every violation found in one request body: never empty.
///
/// Violations are ordered by pointer (then code), so two ways of reading
/// the same document give equal reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// A report of `violations`, sorted; `None` when there are none.
    pub(crate) fn from_violations(mut violations: Vec<Violation>) -> Option<Self> {
        if violations.is_empty() {
            return None;
        }
        violations.sort_by(|a, b| (a.pointer.as_str(), a.code).cmp(&(b.pointer.as_str(), b.code)));
        Some(Self { violations })
    }

    pub(crate) fn single(violation: Violation) -> Self {
        Self {
            violations: vec![violation],
        }
    }

    /// The violations, ordered by pointer.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many violations there are (at least one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Always `false`: a report holds at least one violation.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// An iterator over the violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// Whether any violation has `code`.
    #[must_use]
    pub fn has(&self, code: Code) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }
}

impl fmt::Display for Report {
    /// One violation per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

impl IntoIterator for Report {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}
