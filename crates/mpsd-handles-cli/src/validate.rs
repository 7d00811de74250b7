//! `mpsd-handles validate`: every input, one result per body.

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use mpsd_handles::{Report, Validator};

use crate::output::{Printer, Shown, Tally};
use crate::{Color, ValidateArgs, lines, warn};

/// Reads at most `max + 1` bytes, so a huge input costs bounded memory.
fn read_bounded(reader: impl Read, max: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(&mut buf)?;
    Ok(buf)
}

fn open(path: &PathBuf) -> io::Result<Box<dyn Read>> {
    if path.as_os_str() == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        Ok(Box::new(File::open(path)?))
    }
}

/// What `validate` judges the inputs as: `POST /handles` bodies, or
/// (`--query`) `POST /handles/query` bodies.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judge {
    validator: Validator,
    query: bool,
}

impl Judge {
    /// The body's type when it is valid, or every violation.
    pub(crate) fn judge(&self, body: &[u8]) -> Result<&'static str, Report> {
        if self.query {
            let query = self.validator.validate_query_slice(body)?;
            Ok(query.kind().as_str())
        } else {
            let request = self.validator.validate_slice(body)?;
            Ok(request.kind().as_str())
        }
    }

    /// What a body is, in messages.
    pub(crate) fn noun(&self) -> &'static str {
        if self.query { "query" } else { "handle" }
    }

    pub(crate) fn max_bytes(&self) -> usize {
        self.validator.max_bytes()
    }
}

/// Runs `validate`; the exit status says how it went.
pub(crate) fn run(args: &ValidateArgs) -> ExitCode {
    let validator = Validator::new()
        .with_max_bytes(args.max_bytes)
        .with_max_depth(args.max_depth);
    let judge = Judge {
        validator,
        query: args.query,
    };
    let stdout = io::stdout();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::IsTerminal::is_terminal(&stdout),
    };
    let mut printer = Printer {
        out: BufWriter::new(stdout.lock()),
        format: args.format,
        tally: Tally::default(),
        noun: judge.noun(),
        renderer: if color {
            annotate_snippets::Renderer::styled()
        } else {
            annotate_snippets::Renderer::plain()
        },
    };
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        warn(format_args!(
            "standard input (-) can be read only once: give - at most once"
        ));
        return ExitCode::from(2);
    }
    let run = (|| -> io::Result<()> {
        for path in &args.files {
            let name = Shown::of(path);
            let read = open(path).and_then(|reader| {
                if args.lines {
                    lines::validate(&mut printer, &name, reader, &judge).map(|()| None)
                } else {
                    read_bounded(reader, validator.max_bytes()).map(Some)
                }
            });
            match read {
                Ok(Some(bytes)) => {
                    let result = judge.judge(&bytes);
                    printer.result(&name, None, &bytes, &result)?;
                }
                Ok(None) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e),
                Err(e) => {
                    printer.unreadable(&name, &e)?;
                    printer.out.flush()?;
                    warn(format_args!("cannot read {}: {e}", name.human()));
                }
            }
        }
        printer.summary()?;
        printer.out.flush()
    })();
    if let Err(e) = run {
        if e.kind() != io::ErrorKind::BrokenPipe {
            warn(format_args!("cannot write results: {e}"));
        }
        return ExitCode::from(2);
    }
    let t = &printer.tally;
    if t.io_errors > 0 {
        ExitCode::from(2)
    } else if t.invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
