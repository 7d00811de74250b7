//! The front door: a configured validator, its limits, and what a body
//! goes through before and around the walk (size, UTF-8, the byte order
//! mark, the fast pass and, when a number's spelling matters, the exact
//! one; a syntax error found once the walk stops).

use serde_json::Value;

use crate::model::{HandleQuery, HandleRequest};
use crate::parse::{self, Body, Ending, Mode, syntax};
use crate::report::{Pointer, Report, Violation, ViolationKind};
use crate::rules::handle_type::HandleKind;

/// Validates bodies under configurable limits, so that hostile input costs
/// bounded time and memory. `Copy`, and cheap to build: make one per call
/// or keep one around.
///
/// ```
/// use mpsd_handles::{Code, Validator};
/// let validator = Validator::new().with_max_bytes(1024).with_max_depth(8);
/// let body = br#"{"version": 1, "type": "activity",
///   "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "deathmatch"}}"#;
/// assert!(validator.validate_slice(body).is_ok());
/// assert!(validator.is_valid(body));
/// let report = Validator::new().with_max_bytes(16).validate_slice(body).unwrap_err();
/// assert_eq!(report.violations()[0].code(), Code::BodyTooLarge);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Validator {
    max_bytes: usize,
    max_depth: usize,
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

impl Validator {
    /// The default body limit: 64 KiB.
    pub const DEFAULT_MAX_BYTES: usize = 64 * 1024;
    /// The default nesting limit: 32 (the body itself is depth 1).
    pub const DEFAULT_MAX_DEPTH: usize = parse::DEFAULT_MAX_DEPTH;
    /// The highest nesting limit honoured: `serde_json` refuses to nest
    /// deeper than 128, so larger settings act as this.
    pub const DEPTH_CEILING: usize = 100;

    /// A validator with the default limits (64 KiB, depth 32).
    #[must_use]
    pub const fn new() -> Self {
        Self {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }

    /// The same validator, accepting bodies of at most `max_bytes` bytes.
    /// Applies to `validate_slice`, `validate_str` and `is_valid`; a
    /// `Value` has no byte size.
    #[must_use]
    pub const fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The same validator, accepting arrays and objects nested at most
    /// `max_depth` deep, the body itself being depth 1 (capped at
    /// [`Validator::DEPTH_CEILING`]).
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// The body limit in bytes.
    #[must_use]
    pub const fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// The nesting limit in effect (the setting, capped at
    /// [`Validator::DEPTH_CEILING`]).
    #[must_use]
    pub const fn max_depth(&self) -> usize {
        if self.max_depth < Self::DEPTH_CEILING {
            self.max_depth
        } else {
            Self::DEPTH_CEILING
        }
    }

    /// Validates a `POST /handles` body given as bytes (which must be UTF-8 JSON).
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_slice(&self, bytes: &[u8]) -> Result<HandleRequest, Report> {
        self.slice(bytes)
    }

    /// Validates a `POST /handles` body given as text.
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_str(&self, text: &str) -> Result<HandleRequest, Report> {
        self.str(text)
    }

    /// Validates a `POST /handles` body already parsed into a [`Value`]. The
    /// byte limit does not apply, and duplicate members cannot be seen (the
    /// `Value` kept one of them); numbers are judged as the `Value` spells
    /// them (`-0` became `-0.0`).
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_value(&self, value: &Value) -> Result<HandleRequest, Report> {
        self.value(value)
    }

    /// Validates a `POST /handles/query` body given as bytes (docs/rules.md §8).
    ///
    /// ```
    /// use mpsd_handles::{Code, HandleQuery, Validator};
    /// let body = br#"{"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
    ///   "templateName": "lfg", "global": true, "filter": "numbers/rank ge 5"}"#;
    /// assert!(matches!(Validator::new().validate_query_slice(body), Ok(HandleQuery::Search(_))));
    /// let report = Validator::new().validate_query_slice(br#"{"type": "search"}"#).unwrap_err();
    /// assert_eq!(report.violations()[0].code(), Code::MissingMember);
    /// ```
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_query_slice(&self, bytes: &[u8]) -> Result<HandleQuery, Report> {
        self.slice(bytes)
    }

    /// Validates a `POST /handles/query` body given as text.
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_query_str(&self, text: &str) -> Result<HandleQuery, Report> {
        self.str(text)
    }

    /// Validates a `POST /handles/query` body already parsed into a
    /// [`Value`] (with the caveats of [`Validator::validate_value`]).
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn validate_query_value(&self, value: &Value) -> Result<HandleQuery, Report> {
        self.value(value)
    }

    /// Whether a body given as bytes is valid: the verdict of
    /// [`Validator::validate_slice`], found faster. It stops at the first
    /// violation and builds nothing: a valid body costs no allocation
    /// (strings with escapes aside, which are unescaped into a buffer), an
    /// invalid one only the error that stops the parser (three small
    /// allocations). A test counts them.
    #[must_use]
    pub fn is_valid(&self, bytes: &[u8]) -> bool {
        self.valid_kind(bytes).is_some()
    }

    /// The handle type of a valid body, `None` for an invalid one: the
    /// verdict of [`Validator::is_valid`], found as fast, for a caller that
    /// routes by type without the model (the npm package answers `kind`
    /// this way, and asks for the report only when there is one).
    ///
    /// ```
    /// use mpsd_handles::{HandleKind, Validator};
    ///
    /// let validator = Validator::new();
    /// let body = br#"{"version": 1, "type": "activity",
    ///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}"#;
    /// assert_eq!(validator.valid_kind(body), Some(HandleKind::Activity));
    /// assert_eq!(validator.valid_kind(br#"{"version": 2}"#), None);
    /// ```
    #[must_use]
    pub fn valid_kind(&self, bytes: &[u8]) -> Option<HandleKind> {
        self.verdict::<HandleRequest>(bytes)
    }

    /// Whether a `POST /handles/query` body given as bytes is valid: the
    /// verdict of [`Validator::validate_query_slice`], found faster (a
    /// filter is still parsed whole).
    #[must_use]
    pub fn is_valid_query(&self, bytes: &[u8]) -> bool {
        self.valid_query_kind(bytes).is_some()
    }

    /// The query type (activity or search) of a valid query body, `None`
    /// for an invalid one.
    ///
    /// ```
    /// use mpsd_handles::{HandleKind, Validator};
    /// let body = br#"{"type": "activity", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
    ///     "owners": {"people": {"moniker": "friends", "monikerXuid": "2533274792395670"}}}"#;
    /// assert_eq!(Validator::new().valid_query_kind(body), Some(HandleKind::Activity));
    /// ```
    #[must_use]
    pub fn valid_query_kind(&self, bytes: &[u8]) -> Option<HandleKind> {
        self.verdict::<HandleQuery>(bytes)
    }

    fn slice<B: Body>(&self, bytes: &[u8]) -> Result<B, Report> {
        if bytes.len() > self.max_bytes() {
            return Err(self.too_large());
        }
        // One UTF-8 check of the whole body (SIMD) is cheaper than one per
        // string; `std` finds where a bad body goes wrong.
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => self.text(text),
            Err(_) => Err(Report::single(syntax::not_utf8(bytes))),
        }
    }

    fn str<B: Body>(&self, text: &str) -> Result<B, Report> {
        if text.len() > self.max_bytes() {
            return Err(self.too_large());
        }
        self.text(text)
    }

    fn value<B: Body>(&self, value: &Value) -> Result<B, Report> {
        let mut out = None;
        let ending = match parse::value_pass(value, self.max_depth(), Mode::Fast, &mut out) {
            Ending::NeedsExact => parse::value_pass(value, self.max_depth(), Mode::Exact, &mut out),
            other => other,
        };
        match ending {
            Ending::Done => parse::built(&mut out),
            Ending::Report(report) => Err(report),
            Ending::NeedsExact => Err(parse::unreadable("a number could not be read")),
            Ending::Stopped(e) => Err(parse::unreadable(&e.to_string())),
        }
    }

    fn verdict<B: Body>(&self, bytes: &[u8]) -> Option<HandleKind> {
        if bytes.len() > self.max_bytes() {
            return None;
        }
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        if text.starts_with('\u{feff}') {
            return None;
        }
        let fast = parse::verdict_pass::<B>(text, self.max_depth(), Mode::Fast);
        if fast.needs_exact {
            parse::verdict_pass::<B>(text, self.max_depth(), Mode::Exact).kind
        } else {
            fast.kind
        }
    }

    /// Validates JSON text: a fast pass, then, only when a number's
    /// spelling matters or a number does not fit an `f64`, an exact pass.
    fn text<B: Body>(&self, text: &str) -> Result<B, Report> {
        if text.starts_with('\u{feff}') {
            return Err(Report::single(syntax::byte_order_mark()));
        }
        let depth = self.max_depth();
        let mut out = None;
        match parse::text_pass(text, depth, Mode::Fast, &mut out) {
            Ending::Done => return parse::built(&mut out),
            Ending::Report(report) => return Err(report),
            Ending::NeedsExact => {}
            // A syntax error, or a number beyond `f64` (valid JSON).
            Ending::Stopped(_) => {
                if let Some(v) = syntax::error(text) {
                    return Err(Report::single(v));
                }
            }
        }
        let mut out = None;
        match parse::text_pass(text, depth, Mode::Exact, &mut out) {
            Ending::Done => parse::built(&mut out),
            Ending::Report(report) => Err(report),
            Ending::NeedsExact | Ending::Stopped(_) => {
                Err(Report::single(syntax::error(text).unwrap_or_else(|| {
                    syntax::unexpected("the body could not be read")
                })))
            }
        }
    }

    fn too_large(&self) -> Report {
        Report::single(Violation::new(
            Pointer::ROOT,
            ViolationKind::TooLarge {
                max: self.max_bytes(),
            },
        ))
    }
}

#[cfg(test)]
mod wording_tests {
    use crate::rules::{attribute, context, name};

    const NAME_MAX: usize = name::MAX_LEN;
    const CONTEXT_MAX: usize = context::MAX_URI_ENCODED_LEN;
    const ATTRIBUTE_NAME_MAX: usize = attribute::MAX_NAME_LEN;
    const ATTRIBUTE_STRING_MAX: usize = attribute::MAX_STRING_BYTES;

    /// The message of the one violation of `body`.
    fn message(body: &str) -> String {
        match super::Validator::new().validate_str(body) {
            Err(report) => report.violations()[0].message().to_string(),
            Ok(_) => panic!("valid: {body}"),
        }
    }

    fn search(template: &str, attributes: &str) -> String {
        format!(
            r#"{{"version": 1, "type": "search", "sessionRef": {{"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "{template}"}}, "searchAttributes": {{{attributes}}}}}"#
        )
    }

    /// Issue 28: each limit a message states (`report/wording.rs`) is the
    /// rule's constant, and
    /// each pattern the schema states is built on the same number: change a
    /// constant and every sentence and pattern follows (this test with it).
    #[test]
    fn the_limits_in_messages_and_patterns_are_the_rules_constants() {
        let long_name = "a".repeat(NAME_MAX + 1);
        assert!(
            message(&search(&long_name, "")).contains(&format!("at most {NAME_MAX} are allowed")),
            "{}",
            message(&search(&long_name, ""))
        );
        assert!(message(&search("", "")).contains(&format!("1 to {NAME_MAX} characters")));
        let long_attribute = format!(r#""tags": ["{}"]"#, "a".repeat(ATTRIBUTE_NAME_MAX + 1));
        assert!(
            message(&search("t", &long_attribute))
                .contains(&format!("1 to {ATTRIBUTE_NAME_MAX} characters"))
        );
        let long_string = format!(
            r#""strings": {{"s": "{}"}}"#,
            "a".repeat(ATTRIBUTE_STRING_MAX + 1)
        );
        assert!(
            message(&search("t", &long_string))
                .contains(&format!("at most {ATTRIBUTE_STRING_MAX} are allowed"))
        );
        let context = format!(
            r#"{{"version": 1, "type": "invite", "sessionRef": {{"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t", "name": "n"}}, "invitedXuid": "1", "inviteAttributes": {{"titleId": "1", "context": "{}"}}}}"#,
            "a".repeat(CONTEXT_MAX + 1)
        );
        assert!(message(&context).contains(&format!("at most {CONTEXT_MAX} are allowed")));
        assert_eq!(
            name::PATTERN,
            format!("^[A-Za-z0-9._~-]{{1,{}}}$", name::MAX_LEN)
        );
        assert_eq!(
            attribute::NAME_PATTERN,
            format!(
                "^[A-Za-z][A-Za-z0-9_]{{0,{}}}$",
                attribute::MAX_NAME_LEN - 1
            )
        );
    }
}
