//! The log on stderr, through `tracing`: one line per event, JSON objects
//! (`--log-format json`, the default) or `event key=value` text. Each line
//! is formatted whole (tracing-subscriber's fmt layer) and handed to a
//! writer thread (tracing-appender's non-blocking writer), which writes
//! what has queued up in one go: a request never waits on stderr, and two
//! workers never contend for its lock (which cost a refused request about
//! a third of its throughput). Under a flood past 65 536 queued lines, lines
//! are dropped rather than requests slowed.
//!
//! What is logged echoes no value from a request: codes, statuses, problem
//! types, and pointers escaped and cut (a member name can carry anything;
//! a xuid identifies a person).

use std::fmt::{self, Write as _};

use mpsd_handles::Echo;
use mpsd_handles::problem::Problem;
use tracing::field::{Field, Visit};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

use crate::LogFormat;
use crate::invariant::{json_line, within};

/// Fields whose value is JSON text this module wrote: embedded as JSON in
/// JSON lines.
const JSON_FIELDS: [&str; 1] = ["errors"];

/// Installs the logger; the first call wins. Hold the guard until the
/// end: dropping it writes what is still queued.
pub(crate) fn init(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(65_536)
        .lossy(true)
        .thread_name("mpsd-handles-log")
        .finish(std::io::BufWriter::new(std::io::stderr()));
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .event_format(Lines(format))
        .finish();
    let _ = tracing::subscriber::set_global_default(subscriber);
    guard
}

/// The event formatter: the event's fields, in the order given.
struct Lines(LogFormat);

impl<S, N> FormatEvent<S, N> for Lines
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> fmt::Result {
        let mut line = Line {
            format: self.0,
            out: String::with_capacity(160),
            first: true,
        };
        event.record(&mut line);
        if self.0 == LogFormat::Json {
            if line.first {
                line.out.push('{');
            }
            line.out.push('}');
        }
        line.out.push('\n');
        writer.write_str(&line.out)
    }
}

struct Line {
    format: LogFormat,
    out: String,
    first: bool,
}

impl Line {
    fn key(&mut self, field: &Field) {
        match self.format {
            LogFormat::Json => {
                self.out.push(if self.first { '{' } else { ',' });
                self.quoted(field.name());
                self.out.push(':');
            }
            LogFormat::Text => {
                if !self.first {
                    self.out.push(' ');
                }
                if field.name() != "event" {
                    self.out.push_str(field.name());
                    self.out.push('=');
                }
            }
        }
        self.first = false;
    }

    /// `text` as a JSON string (line separators escaped too).
    fn quoted(&mut self, text: &str) {
        let json = json_line(text);
        self.out.push_str(&json);
    }

    fn text(&mut self, field: &Field, value: &str) {
        self.key(field);
        match self.format {
            LogFormat::Json => self.quoted(value),
            LogFormat::Text => logfmt(&mut self.out, &Echo::new(value).to_string()),
        }
    }
}

/// `text` as a logfmt value: bare when it has no space, `=`, `"` or `\`,
/// else quoted with `"` and `\` escaped, so that a client's text (a member
/// name `x status=204`) cannot forge a field. Controls are already escaped
/// by [`Echo`].
fn logfmt(out: &mut String, text: &str) {
    if !text.is_empty() && !text.contains([' ', '=', '"', '\\']) {
        out.push_str(text);
        return;
    }
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

impl Visit for Line {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.key(field);
        let _ = write!(self.out, "{value}");
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.key(field);
        let _ = write!(self.out, "{value}");
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.key(field);
        let _ = write!(self.out, "{value}");
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.text(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if JSON_FIELDS.contains(&field.name()) {
            self.key(field);
            match self.format {
                LogFormat::Json => {
                    let _ = write!(self.out, "{value:?}");
                }
                // The JSON as one logfmt value.
                LogFormat::Text => logfmt(&mut self.out, &format!("{value:?}")),
            }
        } else {
            self.text(field, &format!("{value:?}"));
        }
    }
}

/// A writer that escapes what goes through it for a JSON string (quotes
/// and backslashes: what [`Echo`] leaves; it escapes controls itself).
struct JsonEscaped<'a, 'b>(&'a mut fmt::Formatter<'b>);

impl fmt::Write for JsonEscaped<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let mut run = 0;
        for (at, c) in text.char_indices() {
            let escape = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ => continue,
            };
            self.0.write_str(within(text, run..at))?;
            self.0.write_str(escape)?;
            run = at + 1;
        }
        self.0.write_str(within(text, run..))
    }
}

/// The most violations a refusal's log line lists (`error_count` says how
/// many there were): a 60 KB body can break 30 000 rules, and its line
/// would otherwise be 2 MB.
const LOGGED_ERRORS: usize = 20;

/// The first [`LOGGED_ERRORS`] violations of a refusal as logged, written
/// straight into the line as JSON: each code, and its pointer escaped and
/// cut.
struct LoggedErrors<'a>(&'a [mpsd_handles::problem::ProblemError]);

impl fmt::Debug for LoggedErrors<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('[')?;
        for (n, e) in self.0.iter().take(LOGGED_ERRORS).enumerate() {
            f.write_str(if n == 0 {
                "{\"pointer\":\""
            } else {
                ",{\"pointer\":\""
            })?;
            write!(JsonEscaped(f), "{}", Echo::new(&e.pointer))?;
            f.write_str("\",\"code\":\"")?;
            write!(JsonEscaped(f), "{}", Echo::new(&e.code))?;
            f.write_str("\"}")?;
        }
        f.write_char(']')
    }
}

/// A refused request (`would`: report mode forwarded it anyway).
pub(crate) fn refused(problem: &Problem, route: &str, would: bool) {
    let event = if would { "would-refuse" } else { "rejected" };
    tracing::info!(
        event,
        route,
        status = u64::from(problem.status),
        "type" = problem.type_uri.as_str(),
        errors = ?LoggedErrors(&problem.errors),
        error_count = problem.errors.len() as u64
    );
}

/// Something the server did on its own: `event` with a count.
pub(crate) fn event(event: &'static str, count: usize) {
    tracing::info!(event, count = count as u64);
}

/// A connection closed before any route saw its request (nginx logs these
/// as 400s; hyper answered, or closed, on its own), and why.
pub(crate) fn connection_refused(reason: &'static str) {
    tracing::info!(event = "connection-refused", reason);
}

/// A stop signal came: open connections get `grace` seconds (0: a second
/// signal, the process exits now).
pub(crate) fn stopping(signal: &'static str, grace: u64) {
    tracing::info!(event = "stopping", signal, grace);
}

/// A handle the in-memory store forgot to stay within its bounds.
pub(crate) fn evicted(held: usize, bytes: usize) {
    tracing::info!(event = "evicted", held = held as u64, bytes = bytes as u64);
}

/// The listener could not take a connection (out of descriptors, say).
pub(crate) fn accept_failed(error: &std::io::Error) {
    tracing::warn!(event = "accept-failed", error = error.to_string().as_str());
}

/// The upstream could not be reached or did not answer.
pub(crate) fn upstream_failed(detail: &str) {
    tracing::warn!(event = "upstream-failed", error = detail);
}
