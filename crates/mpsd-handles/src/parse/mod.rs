//! The one-pass validator: serde drives it straight from the JSON text into
//! the typed model, recording violations instead of stopping at the first.
//!
//! - `walk.rs`: the serde machinery (any value, member names, objects
//!   driven by their member tables);
//! - `objects.rs`: the body's objects, each described once by its table;
//! - `raw.rs`: the exact pass, for numbers whose spelling matters;
//! - `syntax.rs`: where a body stops being JSON;
//! - this file: the walk's state and the entry points.
//!
//! Nothing is allocated for a valid body beyond the model itself; a
//! violation keeps a few facts and is worded only when displayed.

use serde::de::{self, DeserializeSeed, Deserializer};
use serde_json::Value;

use crate::report::{Detail, Pointer};
use crate::{HandleKind, HandleRequest, Report, Validator, Violation};

mod leaf;
mod objects;
mod raw;
mod search;
mod syntax;
mod table;
mod walk;

use objects::Root;
use walk::ObjectSeed;

/// How numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// As serde gives them (the fast first pass over text or a `Value`).
    /// A number whose spelling matters and that arrives as an `f64` stops
    /// the walk and asks for an [`Mode::Exact`] pass.
    Fast,
    /// Every value read through `serde_json`'s raw text, so every number
    /// keeps its spelling and none has to fit an `f64` (`1e400`).
    Exact,
    /// Any other deserializer: it cannot be read twice, so an `f64` is
    /// judged as given, without its spelling.
    Generic,
}

/// What the walk has found so far.
struct Ctx {
    violations: Vec<Violation>,
    max_depth: usize,
    /// A limit breach that stopped the walk; it alone is reported.
    fatal: Option<Violation>,
    mode: Mode,
    /// Set when a [`Mode::Fast`] walk stopped for a number's spelling.
    needs_exact: bool,
    /// Stop at the first violation, build nothing (`is_valid`).
    verdict_only: bool,
    /// Set when a verdict-only walk stopped at a violation.
    failed: bool,
    /// The handle type a verdict-only walk found at the root.
    kind: Option<HandleKind>,
}

impl Ctx {
    fn new(validator: &Validator, mode: Mode, verdict_only: bool) -> Self {
        Self {
            violations: Vec::new(),
            max_depth: validator.depth_limit(),
            fatal: None,
            mode,
            needs_exact: false,
            verdict_only,
            failed: false,
            kind: None,
        }
    }

    /// Whether the walk builds the model (not a verdict-only walk).
    fn builds(&self) -> bool {
        !self.verdict_only
    }

    /// Enters a container at `depth`, or stops the walk past the limit.
    fn enter<E: de::Error>(&mut self, depth: usize) -> Result<(), E> {
        if depth > self.max_depth {
            let max = self.max_depth;
            self.fatal = Some(Violation::new(Pointer::ROOT, Detail::TooDeep { max }));
            return Err(E::custom("too deep"));
        }
        Ok(())
    }

    /// Records the violation `make` builds; a verdict-only walk stops
    /// instead, without building it.
    #[cold]
    fn violation<E: de::Error>(&mut self, make: impl FnOnce() -> Violation) -> Result<(), E> {
        if self.verdict_only {
            self.failed = true;
            return Err(E::custom("invalid"));
        }
        self.violations.push(make());
        Ok(())
    }

    /// How a walk that ended with `walked` went; the model, if any, is in
    /// the walk's `out` (kept there so that it is not copied through every
    /// layer of return values).
    fn conclude<E>(self, walked: Result<(), E>) -> Ending<E> {
        if let Some(fatal) = self.fatal {
            return Ending::Report(Report::single(fatal));
        }
        if let Err(e) = walked {
            return if self.needs_exact {
                Ending::NeedsExact
            } else {
                Ending::Stopped(e)
            };
        }
        if self.violations.is_empty() {
            return Ending::Done;
        }
        match Report::from_violations(self.violations) {
            Some(report) => Ending::Report(report),
            None => Ending::Done,
        }
    }
}

/// How a walk ended.
enum Ending<E> {
    /// No violation: the model is in `out` (unless the walk was verdict-only).
    Done,
    Report(Report),
    /// A fast walk that needs the exact pass.
    NeedsExact,
    /// The deserializer stopped (a syntax error, a number beyond `f64`, or
    /// a verdict-only walk at its first violation).
    Stopped(E),
}

/// The model a finished walk left in `out`.
fn built(out: &mut Option<HandleRequest>) -> Result<HandleRequest, Report> {
    out.take()
        .ok_or_else(|| unreadable("it could not be read as a handle"))
}

/// Walks the body from `deserializer`; the model, if any, lands in `out`.
fn walk<'de, D: Deserializer<'de>>(
    deserializer: D,
    ctx: &mut Ctx,
    out: &mut Option<HandleRequest>,
) -> Result<(), D::Error> {
    ObjectSeed::<Root>::new(ctx, 0, out).deserialize(deserializer)
}

/// One pass over JSON text; the model, if any, lands in `out`.
fn text_pass(
    text: &str,
    validator: &Validator,
    mode: Mode,
    out: &mut Option<HandleRequest>,
) -> Ending<serde_json::Error> {
    let mut ctx = Ctx::new(validator, mode, false);
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = walk(&mut de, &mut ctx, out).and_then(|()| de.end());
    ctx.conclude(walked)
}

/// Validates JSON text: a fast pass, then, only when a number's spelling
/// matters or a number does not fit an `f64`, an exact pass.
fn from_text(text: &str, validator: &Validator) -> Result<HandleRequest, Report> {
    if text.starts_with('\u{feff}') {
        return Err(Report::single(syntax::byte_order_mark()));
    }
    let mut out = None;
    match text_pass(text, validator, Mode::Fast, &mut out) {
        Ending::Done => return built(&mut out),
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
    match text_pass(text, validator, Mode::Exact, &mut out) {
        Ending::Done => built(&mut out),
        Ending::Report(report) => Err(report),
        Ending::NeedsExact | Ending::Stopped(_) => {
            Err(Report::single(syntax::error(text).unwrap_or_else(|| {
                syntax::unexpected("the body could not be read")
            })))
        }
    }
}

pub(crate) fn validate_slice(bytes: &[u8], validator: &Validator) -> Result<HandleRequest, Report> {
    if bytes.len() > validator.bytes_limit() {
        return Err(too_large(validator));
    }
    // One UTF-8 check of the whole body (SIMD) is cheaper than one per
    // string; `std` finds where a bad body goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => from_text(text, validator),
        Err(_) => Err(Report::single(syntax::not_utf8(bytes))),
    }
}

pub(crate) fn validate_str(text: &str, validator: &Validator) -> Result<HandleRequest, Report> {
    if text.len() > validator.bytes_limit() {
        return Err(too_large(validator));
    }
    from_text(text, validator)
}

fn too_large(validator: &Validator) -> Report {
    Report::single(Violation::new(
        Pointer::ROOT,
        Detail::TooLarge {
            max: validator.bytes_limit(),
        },
    ))
}

pub(crate) fn validate_value(
    value: &Value,
    validator: &Validator,
) -> Result<HandleRequest, Report> {
    let mut out = None;
    let mut pass = |mode| {
        let mut ctx = Ctx::new(validator, mode, false);
        let walked = walk(value, &mut ctx, &mut out);
        ctx.conclude(walked)
    };
    let ending = match pass(Mode::Fast) {
        Ending::NeedsExact => pass(Mode::Exact),
        other => other,
    };
    match ending {
        Ending::Done => built(&mut out),
        Ending::Report(report) => Err(report),
        Ending::NeedsExact => Err(unreadable("a number could not be read")),
        Ending::Stopped(e) => Err(unreadable(&e.to_string())),
    }
}

fn unreadable(what: &str) -> Report {
    Report::single(Violation::new(
        Pointer::ROOT,
        Detail::Unreadable(what.into()),
    ))
}

/// The verdict alone, as the handle type of a valid body: the first
/// violation stops the walk, and nothing is built. (A body that needs its
/// numbers' spelling takes the exact pass.)
pub(crate) fn valid_kind(bytes: &[u8], validator: &Validator) -> Option<HandleKind> {
    if bytes.len() > validator.bytes_limit() {
        return None;
    }
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    if text.starts_with('\u{feff}') {
        return None;
    }
    let pass = |mode| {
        let mut ctx = Ctx::new(validator, mode, true);
        let mut out = None;
        let mut de = serde_json::Deserializer::from_str(text);
        let walked = walk(&mut de, &mut ctx, &mut out).and_then(|()| de.end());
        // Stopped: a violation, a limit, a syntax error, or a number beyond
        // `f64` (no rule accepts one that large); or a spelling to read.
        let valid = walked.is_ok() && ctx.fatal.is_none();
        (ctx.kind.filter(|_| valid), ctx.needs_exact)
    };
    match pass(Mode::Fast) {
        (_, true) => pass(Mode::Exact).0,
        (kind, false) => kind,
    }
}

/// `Deserialize for HandleRequest`: the same walk over any deserializer.
///
/// It applies the rules and the depth limit, not `max_bytes` (a
/// deserializer does not say how large its input is); an `f64` is judged
/// without its spelling, since the input cannot be read twice.
impl<'de> serde::Deserialize<'de> for HandleRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut ctx = Ctx::new(&Validator::new(), Mode::Generic, false);
        let mut out = None;
        let walked = walk(deserializer, &mut ctx, &mut out);
        match ctx.conclude(walked) {
            Ending::Done => built(&mut out).map_err(de::Error::custom),
            Ending::Report(report) => Err(de::Error::custom(report)),
            Ending::Stopped(e) => Err(e),
            Ending::NeedsExact => Err(de::Error::custom("a number could not be read")),
        }
    }
}
