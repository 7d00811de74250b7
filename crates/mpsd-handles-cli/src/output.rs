//! What a validation run prints: one result per body, and a summary.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use mpsd_handles::{Echo, LineSafe, Located, Report};
use serde::Serialize;

use crate::Format;

/// A file's name as results show it. Human output escapes it (as
/// [`Echo`] does, and each byte that is not UTF-8 as `\xNN`, so two names
/// never print alike) and quotes it when it holds `:` or starts with `"`
/// (so `f.jsonl:3` is never read as line 3 of `f.jsonl`). JSON output
/// gives a UTF-8 name as it is, and any other with the human escapes.
pub(crate) struct Shown {
    human: String,
    json: String,
}

impl Shown {
    pub(crate) fn of(path: &Path) -> Self {
        #[cfg(unix)]
        let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec();
        #[cfg(not(unix))]
        let bytes = path.to_string_lossy().into_owned().into_bytes();
        let mut escaped = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            let _ = write!(escaped, "{}", Echo::whole(chunk.valid()));
            for b in chunk.invalid() {
                let _ = write!(escaped, "\\x{b:02x}");
            }
        }
        let json = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => escaped.clone(),
        };
        let human = if escaped.contains(':') || escaped.starts_with('"') {
            format!("\"{}\"", escaped.replace('"', "\\\""))
        } else {
            escaped
        };
        Self { human, json }
    }

    /// What human output prints.
    pub(crate) fn human(&self) -> &str {
        &self.human
    }
}

/// The `--format json` line of a file that could not be read.
#[derive(Serialize)]
struct JsonUnreadable<'a> {
    file: &'a str,
    valid: bool,
    kind: Option<&'static str>,
    errors: [(); 0],
    error: &'a str,
}

/// `value` and a newline, U+2028/U+2029 escaped: one line whatever it holds.
fn json_line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, LineSafe);
    // `From` gives back the underlying I/O error (a closed pipe stays one).
    value.serialize(&mut ser).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// One line of `--format json`.
#[derive(Serialize)]
struct JsonResult<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    valid: bool,
    kind: Option<&'static str>,
    errors: &'a [Located<'a>],
}

/// What a validation run has seen.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) valid: u64,
    pub(crate) invalid: u64,
    pub(crate) violations: u64,
    pub(crate) io_errors: u64,
}

pub(crate) struct Printer<W: Write> {
    pub(crate) out: W,
    pub(crate) format: Format,
    pub(crate) tally: Tally,
    /// How human output draws a violation (in colour, or plain).
    pub(crate) renderer: annotate_snippets::Renderer,
    /// What a body is: "handle" or "query".
    pub(crate) noun: &'static str,
}

impl<W: Write> Printer<W> {
    /// The result of one body: `body` as read, from file `file` (at its
    /// line `line` under `--lines`).
    pub(crate) fn result(
        &mut self,
        file: &Shown,
        line: Option<u64>,
        body: &[u8],
        result: &Result<&'static str, Report>,
    ) -> io::Result<()> {
        let (kind, located) = match result {
            Ok(kind) => (Some(*kind), Vec::new()),
            // Where each violation is: found only for an invalid body.
            Err(report) => (None, report.locate(body)),
        };
        if result.is_ok() {
            self.tally.valid += 1;
        } else {
            self.tally.invalid += 1;
            self.tally.violations += located.len() as u64;
        }
        match self.format {
            Format::Json => {
                let line_out = JsonResult {
                    file: &file.json,
                    line,
                    valid: result.is_ok(),
                    kind,
                    errors: &located,
                };
                json_line(&mut self.out, &line_out)
            }
            Format::Human => {
                if let Some(kind) = kind {
                    return match line {
                        Some(n) => {
                            writeln!(self.out, "{}:{n}: valid {kind} {}", file.human, self.noun)
                        }
                        None => writeln!(self.out, "{}: valid {kind} {}", file.human, self.noun),
                    };
                }
                let first_line = line.map_or(1, |n| usize::try_from(n).unwrap_or(usize::MAX));
                let mut lines = crate::snippet::Lines::new(body);
                for l in &located {
                    let drawn = crate::snippet::render(
                        &self.renderer,
                        &file.human,
                        first_line,
                        &mut lines,
                        l,
                    );
                    writeln!(self.out, "{drawn}\n")?;
                }
                Ok(())
            }
        }
    }

    /// A file that could not be read: counted, and in JSON a result line
    /// of its own (a JSON-lines reader sees every input); the message on
    /// stderr is the caller's.
    pub(crate) fn unreadable(&mut self, file: &Shown, error: &io::Error) -> io::Result<()> {
        self.tally.io_errors += 1;
        match self.format {
            Format::Json => json_line(
                &mut self.out,
                &JsonUnreadable {
                    file: &file.json,
                    valid: false,
                    kind: None,
                    errors: [],
                    error: &error.to_string(),
                },
            ),
            Format::Human => Ok(()),
        }
    }

    pub(crate) fn summary(&mut self) -> io::Result<()> {
        if let Format::Human = self.format {
            let t = &self.tally;
            writeln!(
                self.out,
                "{} {}: {} valid, {} invalid ({} violation{}){}",
                t.valid + t.invalid,
                if t.valid + t.invalid == 1 {
                    "body"
                } else {
                    "bodies"
                },
                t.valid,
                t.invalid,
                t.violations,
                if t.violations == 1 { "" } else { "s" },
                if t.io_errors > 0 {
                    format!(", {} unreadable", t.io_errors)
                } else {
                    String::new()
                }
            )?;
        }
        Ok(())
    }
}
