//! The one-pass validator: serde drives it straight from the JSON text into
//! the typed model, recording violations instead of stopping at the first.
//!
//! - `walk.rs`: the serde machinery (any value, member names, objects
//!   driven by their member tables);
//! - `objects.rs`: the body's objects, each described once by its table;
//! - `raw.rs`: the exact pass, for numbers whose spelling matters;
//! - `syntax.rs`: where a body stops being JSON;
//! - this file: the walk's state and one pass of it (the validator, one
//!   floor up, decides which passes a body takes).
//!
//! Nothing is allocated for a valid body beyond the model itself; a
//! violation keeps a few facts and is worded only when displayed.

use serde::de::{self, DeserializeSeed, Deserializer};
use serde_json::Value;

use crate::model::{HandleQuery, HandleRequest};
use crate::report::{Pointer, Report, Violation, ViolationKind};
use crate::rules::handle_type::HandleKind;

mod container;
mod leaf;
mod objects;
mod query;
mod raw;
mod search;
pub(crate) mod syntax;
mod table;
mod walk;

/// The deepest nesting a walk allows unless told otherwise (the body is
/// depth 1): what `Deserialize for HandleRequest` applies.
pub(crate) const DEFAULT_MAX_DEPTH: usize = 32;

use objects::Root;
use walk::ObjectSeed;

/// How numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
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

/// Why a walk stopped before the end of the body (serde unwinds with an
/// error whose text does not matter; this says what happened).
#[derive(Debug)]
enum Stop {
    /// A limit was passed: this violation alone is reported.
    Fatal(Violation),
    /// A fast walk met a number whose spelling matters: an exact pass is needed.
    NeedsExact,
    /// A verdict-only walk met its first violation.
    Invalid,
}

/// The walk's state: what it has found, how it reads, and why it stopped.
pub(crate) struct Ctx {
    violations: Vec<Violation>,
    max_depth: usize,
    mode: Mode,
    /// Stop at the first violation, build nothing (`is_valid`).
    verdict_only: bool,
    /// The walk reads a `Value`: an exact pass writes its raw text out
    /// (JSON text is borrowed instead).
    reads_value: bool,
    stop: Option<Stop>,
    /// The handle type a verdict-only walk found at the root.
    kind: Option<HandleKind>,
}

impl Ctx {
    fn new(max_depth: usize, mode: Mode, verdict_only: bool) -> Self {
        Self {
            violations: Vec::new(),
            max_depth,
            mode,
            verdict_only,
            reads_value: false,
            stop: None,
            kind: None,
        }
    }

    /// Whether the walk builds the model (not a verdict-only walk).
    fn builds(&self) -> bool {
        !self.verdict_only
    }

    /// Stops the walk for `why`: the error to unwind with.
    #[cold]
    fn stop<E: de::Error>(&mut self, why: Stop) -> E {
        self.stop = Some(why);
        E::custom("the walk stopped")
    }

    /// Enters a container at `depth`, or stops the walk past the limit.
    fn enter<E: de::Error>(&mut self, depth: usize) -> Result<(), E> {
        if depth > self.max_depth {
            let max = self.max_depth;
            let too_deep = Violation::new(Pointer::ROOT, ViolationKind::TooDeep { max });
            return Err(self.stop(Stop::Fatal(too_deep)));
        }
        Ok(())
    }

    /// Records the violation `make` builds; a verdict-only walk stops
    /// instead, without building it.
    #[cold]
    fn violation<E: de::Error>(&mut self, make: impl FnOnce() -> Violation) -> Result<(), E> {
        if self.verdict_only {
            return Err(self.stop(Stop::Invalid));
        }
        self.violations.push(make());
        Ok(())
    }

    /// How a walk that ended with `walked` went; the model, if any, is in
    /// the walk's `out` (kept there so that it is not copied through every
    /// layer of return values).
    fn conclude<E>(self, walked: Result<(), E>) -> Ending<E> {
        match (self.stop, walked) {
            (Some(Stop::Fatal(fatal)), _) => Ending::Report(Report::single(fatal)),
            (Some(Stop::NeedsExact), _) => Ending::NeedsExact,
            (_, Err(e)) => Ending::Stopped(e),
            (_, Ok(())) => match Report::from_violations(self.violations) {
                Some(report) => Ending::Report(report),
                None => Ending::Done,
            },
        }
    }
}

/// How a walk ended.
pub(crate) enum Ending<E> {
    /// No violation: the model is in `out` (unless the walk was verdict-only).
    Done,
    Report(Report),
    /// A fast walk that needs the exact pass.
    NeedsExact,
    /// The deserializer stopped (a syntax error, a number beyond `f64`, or
    /// a verdict-only walk at its first violation).
    Stopped(E),
}

/// A body the walk reads: a handle (`POST /handles`) or a query
/// (`POST /handles/query`), each from its root object.
pub(crate) trait Body: Sized {
    /// What the body is, in messages: "a handle", "a query".
    const WHAT: &'static str;
    /// Walks the body from `deserializer`; the model, if any, lands in `out`.
    fn walk<'de, D: Deserializer<'de>>(
        deserializer: D,
        ctx: &mut Ctx,
        out: &mut Option<Self>,
    ) -> Result<(), D::Error>;
}

impl Body for HandleRequest {
    const WHAT: &'static str = "a handle";
    fn walk<'de, D: Deserializer<'de>>(
        deserializer: D,
        ctx: &mut Ctx,
        out: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        ObjectSeed::<Root>::new(ctx, 0, out).deserialize(deserializer)
    }
}

impl Body for HandleQuery {
    const WHAT: &'static str = "a query";
    fn walk<'de, D: Deserializer<'de>>(
        deserializer: D,
        ctx: &mut Ctx,
        out: &mut Option<Self>,
    ) -> Result<(), D::Error> {
        ObjectSeed::<query::QueryRoot>::new(ctx, 0, out).deserialize(deserializer)
    }
}

/// One pass over JSON text, containers at most `max_depth` deep; the
/// model, if any, lands in `out`.
pub(crate) fn text_pass<B: Body>(
    text: &str,
    max_depth: usize,
    mode: Mode,
    out: &mut Option<B>,
) -> Ending<serde_json::Error> {
    let mut ctx = Ctx::new(max_depth, mode, false);
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = B::walk(&mut de, &mut ctx, out).and_then(|()| de.end());
    ctx.conclude(walked)
}

/// One pass over a parsed `Value`.
pub(crate) fn value_pass<B: Body>(
    value: &Value,
    max_depth: usize,
    mode: Mode,
    out: &mut Option<B>,
) -> Ending<serde_json::Error> {
    let mut ctx = Ctx::new(max_depth, mode, false);
    ctx.reads_value = true;
    let walked = B::walk(value, &mut ctx, out);
    ctx.conclude(walked)
}

/// What a verdict-only pass found.
pub(crate) struct Verdict {
    /// The handle type of a valid body; `None` for any other.
    pub(crate) kind: Option<HandleKind>,
    /// A fast pass met a number whose spelling matters.
    pub(crate) needs_exact: bool,
}

/// One verdict-only pass over JSON text: the first violation stops it, and
/// nothing is built.
pub(crate) fn verdict_pass<B: Body>(text: &str, max_depth: usize, mode: Mode) -> Verdict {
    let mut ctx = Ctx::new(max_depth, mode, true);
    let mut out = None::<B>;
    let mut de = serde_json::Deserializer::from_str(text);
    let walked = B::walk(&mut de, &mut ctx, &mut out).and_then(|()| de.end());
    // Stopped: a violation, a limit, a syntax error, or a number beyond
    // `f64` (no rule accepts one that large); or a spelling to read.
    let valid = walked.is_ok() && ctx.stop.is_none();
    Verdict {
        kind: ctx.kind.filter(|_| valid),
        needs_exact: matches!(ctx.stop, Some(Stop::NeedsExact)),
    }
}

/// A report of one violation at the root: the input could not be read.
pub(crate) fn unreadable(what: &str) -> Report {
    Report::single(Violation::new(
        Pointer::ROOT,
        ViolationKind::Unreadable { what: what.into() },
    ))
}

/// The model a finished walk left in `out`.
pub(crate) fn built<B: Body>(out: &mut Option<B>) -> Result<B, Report> {
    out.take()
        .ok_or_else(|| unreadable(&format!("it could not be read as {}", B::WHAT)))
}

/// `Deserialize for HandleRequest`: the same walk over any deserializer.
///
/// It applies the rules and the depth limit, not `max_bytes` (a
/// deserializer does not say how large its input is); an `f64` is judged
/// without its spelling, since the input cannot be read twice.
impl<'de> serde::Deserialize<'de> for HandleRequest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

/// `Deserialize for HandleQuery`: likewise.
impl<'de> serde::Deserialize<'de> for HandleQuery {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

fn deserialize<'de, B: Body, D: Deserializer<'de>>(deserializer: D) -> Result<B, D::Error> {
    let mut ctx = Ctx::new(DEFAULT_MAX_DEPTH, Mode::Generic, false);
    let mut out = None;
    let walked = B::walk(deserializer, &mut ctx, &mut out);
    match ctx.conclude(walked) {
        Ending::Done => built(&mut out).map_err(de::Error::custom),
        Ending::Report(report) => Err(de::Error::custom(report)),
        Ending::Stopped(e) => Err(e),
        Ending::NeedsExact => Err(de::Error::custom("a number could not be read")),
    }
}
