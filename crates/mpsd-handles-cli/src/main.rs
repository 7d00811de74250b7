//! `mpsd-handles`: validate MPSD `POST /handles` bodies from the command line.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mpsd_handles::{Echo, HandleRequest, Limits, Report, Violation};
use serde::Serialize;

/// Validate Xbox Live MPSD `POST /handles` request bodies.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate request bodies. Exit status: 0 all valid, 1 any invalid, 2 usage or I/O error.
    Validate(ValidateArgs),
    /// Print the JSON Schema of the request body.
    Schema(SchemaArgs),
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// How to print results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Each input holds one body per line (JSON lines); one result per line.
    #[arg(long)]
    lines: bool,
    /// The largest body accepted, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (the body itself is
    /// depth 1); at most 100: larger values act as 100.
    #[arg(long, default_value_t = Limits::default().max_depth)]
    max_depth: usize,
    /// Files to read; `-` (the default) is standard input, which may be
    /// given once.
    #[arg(value_name = "FILE", default_value = "-")]
    files: Vec<PathBuf>,
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Which JSON Schema draft to write.
    #[arg(long, value_enum, default_value_t = Draft::Draft2020_12)]
    draft: Draft,
}

#[derive(Clone, Copy, ValueEnum)]
enum Draft {
    /// JSON Schema draft 2020-12.
    #[value(name = "2020-12")]
    Draft2020_12,
    /// JSON Schema draft-07.
    #[value(name = "07")]
    Draft07,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `FILE: POINTER: message [code]` lines and a summary.
    Human,
    /// One JSON object per body, one per line.
    Json,
}

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
struct Tally {
    valid: u64,
    invalid: u64,
    violations: u64,
    io_errors: u64,
}

struct Printer<W: Write> {
    out: W,
    format: Format,
    tally: Tally,
}

impl<W: Write> Printer<W> {
    fn result(
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

    fn summary(&mut self) -> io::Result<()> {
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

/// Whether a line holds nothing but JSON whitespace (SPEC §4): space, tab,
/// CR (and the LF that ends it). A form feed is not blank.
fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Validates every line of `reader`. A line is its bytes before `\n` (or
/// `\r\n`); one longer than the limit is `body_too_large`, printed as soon as
/// the limit is crossed, and the rest of it is read past, never held.
fn validate_lines<W: Write>(
    printer: &mut Printer<W>,
    name: &str,
    reader: impl Read,
    limits: &Limits,
) -> io::Result<()> {
    let mut reader = io::BufReader::with_capacity(1 << 16, reader);
    let mut line = Vec::new();
    let mut number = 0u64;
    // Room for the longest accepted line and its "\r\n".
    let cap = u64::try_from(limits.max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    loop {
        line.clear();
        let n = (&mut reader).take(cap).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        let ended = line.last() == Some(&b'\n');
        if ended {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        if line.len() > limits.max_bytes && !ended {
            // Over the limit, and the rest of the line is still unread: it
            // is blank only if all of it is; otherwise report it now.
            if is_blank(&line) && skip_blank(&mut reader)? {
                continue;
            }
            printer.result(name, Some(number), &limits.from_slice(&line))?;
            printer.out.flush()?;
            skip_line(&mut reader)?;
            continue;
        }
        if is_blank(&line) {
            continue;
        }
        printer.result(name, Some(number), &limits.from_slice(&line))?;
    }
}

/// Reads past JSON whitespace up to the end of the line: `true` when the
/// line ended (or the input did) blank, `false` at its first other byte.
fn skip_blank(reader: &mut impl BufRead) -> io::Result<bool> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(true);
        }
        if let Some(i) = buf.iter().position(|b| !matches!(b, b' ' | b'\t' | b'\r')) {
            let newline = buf.get(i) == Some(&b'\n');
            reader.consume(if newline { i + 1 } else { i });
            return Ok(newline);
        }
        let len = buf.len();
        reader.consume(len);
    }
}

/// Reads past the rest of a line (its `\n` included), a buffer at a time.
fn skip_line(reader: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let len = buf.len();
        reader.consume(len);
    }
}

fn validate(args: &ValidateArgs) -> ExitCode {
    let limits = Limits::default()
        .with_max_bytes(args.max_bytes)
        .with_max_depth(args.max_depth);
    let stdout = io::stdout();
    let mut printer = Printer {
        out: BufWriter::new(stdout.lock()),
        format: args.format,
        tally: Tally::default(),
    };
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        warn(format_args!(
            "standard input (-) can be read only once: give - at most once"
        ));
        return ExitCode::from(2);
    }
    let run = (|| -> io::Result<()> {
        for path in &args.files {
            let name = path.display().to_string();
            let read = open(path).and_then(|reader| {
                if args.lines {
                    validate_lines(&mut printer, &name, reader, &limits).map(|()| None)
                } else {
                    read_bounded(reader, limits.max_bytes).map(Some)
                }
            });
            match read {
                Ok(Some(bytes)) => {
                    let result = limits.from_slice(&bytes);
                    printer.result(&name, None, &result)?;
                }
                Ok(None) => {}
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e),
                Err(e) => {
                    printer.out.flush()?;
                    warn(format_args!("cannot read {}: {e}", Echo::whole(&name)));
                    printer.tally.io_errors += 1;
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

fn schema(args: &SchemaArgs) -> ExitCode {
    let draft = match args.draft {
        Draft::Draft2020_12 => mpsd_handles::schema::Draft::Draft2020_12,
        Draft::Draft07 => mpsd_handles::schema::Draft::Draft07,
    };
    let text = mpsd_handles::schema::to_string_pretty(draft);
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.kind() != io::ErrorKind::BrokenPipe {
                warn(format_args!("cannot write the schema: {e}"));
            }
            ExitCode::from(2)
        }
    }
}

/// A message on stderr; a stderr that cannot be written to is ignored
/// (the exit status still tells), never a panic.
fn warn(message: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "mpsd-handles: {message}");
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match &cli.command {
        Command::Validate(args) => validate(args),
        Command::Schema(args) => schema(args),
    }
}
