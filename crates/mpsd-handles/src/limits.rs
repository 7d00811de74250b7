//! Input limits, and the entry points that take them.

use serde_json::Value;

use crate::{HandleRequest, Report, parse};

/// Bounds on the input, so that hostile bodies cost bounded time and memory.
///
/// ```
/// use mpsd_handles::{Code, Limits};
/// let limits = Limits::default().with_max_bytes(16);
/// let report = limits.from_str(r#"{"version": 1, "type": "activity"}"#).unwrap_err();
/// assert_eq!(report.violations()[0].code, Code::BodyTooLarge);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest body accepted, in bytes (default 64 KiB). Applies to
    /// `from_slice` and `from_str`; a `Value` has no byte size.
    pub max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted, the body itself
    /// being depth 1 (default 32, at most [`Limits::DEPTH_CEILING`]).
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024,
            max_depth: 32,
        }
    }
}

impl Limits {
    /// The highest `max_depth` honoured: `serde_json` refuses to nest deeper
    /// than 128, so larger settings are lowered to this.
    pub const DEPTH_CEILING: usize = 100;

    /// The same limits with `max_bytes` set.
    #[must_use]
    pub const fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The same limits with `max_depth` set (capped at [`Limits::DEPTH_CEILING`]).
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    pub(crate) fn depth(&self) -> usize {
        self.max_depth.min(Self::DEPTH_CEILING)
    }

    /// Validates a body given as bytes (which must be UTF-8 JSON).
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn from_slice(&self, bytes: &[u8]) -> Result<HandleRequest, Report> {
        parse::from_slice(bytes, self)
    }

    /// Validates a body given as text.
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(&self, text: &str) -> Result<HandleRequest, Report> {
        parse::from_str(text, self)
    }

    /// Validates a body already parsed into a [`Value`]. Duplicate members
    /// cannot be seen here: the `Value` has already kept only one of them.
    ///
    /// # Errors
    /// A [`Report`] of every violation.
    pub fn from_value(&self, value: &Value) -> Result<HandleRequest, Report> {
        parse::from_value(value, self)
    }
}
