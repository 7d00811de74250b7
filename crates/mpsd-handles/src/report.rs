//! Violations and the report that collects them.

use std::fmt;

use serde::Serialize;

/// A stable, machine-readable name for one kind of violation.
///
/// Codes are part of the public API: once released, a code never changes
/// meaning. [`Code::as_str`] gives the `snake_case` spelling used on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// The input is not strict JSON (RFC 8259); the message has line and column.
    SyntaxError,
    /// The input is larger than [`Limits::max_bytes`](crate::Limits::max_bytes).
    BodyTooLarge,
    /// The input nests deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    TooDeep,
    /// A value has the wrong JSON type (for example a number where a string belongs).
    InvalidType,
    /// A required member is absent.
    MissingMember,
    /// A member that the object does not define.
    UnknownMember,
    /// The same member appears twice in one object.
    DuplicateMember,
    /// A member that exists, but not for this handle `type` (invite fields on an activity).
    MemberNotAllowed,
    /// `version` is an integer other than `1`.
    UnsupportedVersion,
    /// `type` is a string other than `"activity"` or `"invite"`.
    UnknownHandleType,
    /// A GUID that is not `8-4-4-4-12` hexadecimal digits.
    InvalidGuid,
    /// A template or session name that is empty.
    NameEmpty,
    /// A template or session name longer than 100 characters.
    NameTooLong,
    /// A template or session name with a character outside `A-Z a-z 0-9 - . _ ~`.
    NameInvalidCharacter,
    /// A `titleId` string that is not canonical decimal digits.
    TitleIdNotDecimal,
    /// A `titleId` outside `0..=4294967295`.
    TitleIdOutOfRange,
    /// An `invitedXuid` that is not canonical decimal digits.
    XuidNotDecimal,
    /// An `invitedXuid` outside `1..=18446744073709551615`.
    XuidOutOfRange,
    /// A `context` longer than 256 characters once URI-encoded.
    ContextTooLong,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &'static [Code] = &[
        Code::SyntaxError,
        Code::BodyTooLarge,
        Code::TooDeep,
        Code::InvalidType,
        Code::MissingMember,
        Code::UnknownMember,
        Code::DuplicateMember,
        Code::MemberNotAllowed,
        Code::UnsupportedVersion,
        Code::UnknownHandleType,
        Code::InvalidGuid,
        Code::NameEmpty,
        Code::NameTooLong,
        Code::NameInvalidCharacter,
        Code::TitleIdNotDecimal,
        Code::TitleIdOutOfRange,
        Code::XuidNotDecimal,
        Code::XuidOutOfRange,
        Code::ContextTooLong,
    ];

    /// The stable `snake_case` spelling of the code.
    ///
    /// ```
    /// assert_eq!(mpsd_handles::Code::TitleIdOutOfRange.as_str(), "title_id_out_of_range");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxError => "syntax_error",
            Code::BodyTooLarge => "body_too_large",
            Code::TooDeep => "too_deep",
            Code::InvalidType => "invalid_type",
            Code::MissingMember => "missing_member",
            Code::UnknownMember => "unknown_member",
            Code::DuplicateMember => "duplicate_member",
            Code::MemberNotAllowed => "member_not_allowed",
            Code::UnsupportedVersion => "unsupported_version",
            Code::UnknownHandleType => "unknown_handle_type",
            Code::InvalidGuid => "invalid_guid",
            Code::NameEmpty => "name_empty",
            Code::NameTooLong => "name_too_long",
            Code::NameInvalidCharacter => "name_invalid_character",
            Code::TitleIdNotDecimal => "title_id_not_decimal",
            Code::TitleIdOutOfRange => "title_id_out_of_range",
            Code::XuidNotDecimal => "xuid_not_decimal",
            Code::XuidOutOfRange => "xuid_out_of_range",
            Code::ContextTooLong => "context_too_long",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A value that breaks one rule, before it is placed in a document.
///
/// Returned by the checked constructors of the model's newtypes
/// (for example [`TemplateName::new`](crate::TemplateName::new)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidValue {
    /// Which rule was broken.
    pub code: Code,
    /// An English sentence that says how.
    pub message: String,
}

impl InvalidValue {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Places the problem at `pointer` in a document.
    #[must_use]
    pub fn at(self, pointer: impl Into<String>) -> Violation {
        Violation {
            pointer: pointer.into(),
            code: self.code,
            message: self.message,
        }
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for InvalidValue {}

/// One broken rule at one place in a request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Violation {
    /// Where: an RFC 6901 JSON pointer using the wire (JSON) member names;
    /// `""` is the whole body. A missing member is reported at the pointer it
    /// would have.
    pub pointer: String,
    /// What: a stable code.
    pub code: Code,
    /// Why: an English sentence fit for a log line.
    pub message: String,
}

impl Violation {
    pub(crate) fn new(pointer: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    /// `POINTER: message [code]`, with the whole body shown as `(root)` and
    /// the pointer escaped and cut as an [`Echo`] (so that a member name
    /// cannot forge a line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str("(root)")?;
        } else {
            write!(f, "{}", Echo::new(&self.pointer))?;
        }
        write!(f, ": {} [{}]", self.message, self.code)
    }
}

/// Every violation found in one request body: never empty.
///
/// Violations are ordered by pointer (then code), so two ways of reading
/// the same document give equal reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// A report of `violations`, sorted; `None` when there are none.
    pub(crate) fn from_violations(mut violations: Vec<Violation>) -> Option<Self> {
        if violations.is_empty() {
            return None;
        }
        violations.sort_by(|a, b| (&a.pointer, a.code).cmp(&(&b.pointer, b.code)));
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

/// Appends `token` to `pointer` as one RFC 6901 reference token
/// (`~` becomes `~0`, `/` becomes `~1`).
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

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
