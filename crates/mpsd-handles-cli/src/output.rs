//! What a validation run prints: one result per body, and a summary.

use std::io::{self, Write};

use mpsd_handles::{Echo, HandleRequest, Report, Violation};
use serde::Serialize;

use crate::Format;

/// One line of `--format json`.
#[derive(Serialize)]
struct JsonResult<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    valid: bool,
    kind: Option<&'static str>,
    errors: &'a [Violation],
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
}

impl<W: Write> Printer<W> {
    pub(crate) fn result(
        &mut self,
        file: &str,
        line: Option<u64>,
        result: &Result<HandleRequest, Report>,
    ) -> io::Result<()> {
        let (kind, errors) = match result {
            Ok(request) => (Some(request.kind().as_str()), &[][..]),
            Err(report) => (None, report.violations()),
        };
        if result.is_ok() {
            self.tally.valid += 1;
        } else {
            self.tally.invalid += 1;
            self.tally.violations += errors.len() as u64;
        }
        let name = match line {
            Some(n) => format!("{}:{n}", Echo::whole(file)),
            None => Echo::whole(file).to_string(),
        };
        match self.format {
            Format::Json => {
                let line_out = JsonResult {
                    file,
                    line,
                    valid: result.is_ok(),
                    kind,
                    errors,
                };
                // `From` gives back the underlying I/O error (a closed pipe stays one).
                serde_json::to_writer(&mut self.out, &line_out).map_err(io::Error::from)?;
                self.out.write_all(b"\n")
            }
            Format::Human => match kind {
                Some(kind) => writeln!(self.out, "{name}: valid {kind} handle"),
                None => errors
                    .iter()
                    .try_for_each(|v| writeln!(self.out, "{name}: {v}")),
            },
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
