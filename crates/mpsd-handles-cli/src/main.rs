//! `mpsd-handles`: validate MPSD `POST /handles` bodies from the command line.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mpsd_handles::Validator;

mod invariant;
mod lines;
mod openapi;
mod output;
mod serve;
mod snippet;
mod validate;

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
    /// Run an in-memory MPSD handles endpoint (POST /handles, GET and DELETE
    /// /handles/{id}) that validates every body, or with --upstream a
    /// validating proxy; stops on SIGINT, SIGTERM or SIGHUP.
    Serve(ServeArgs),
}

#[derive(clap::Args)]
pub(crate) struct ValidateArgs {
    /// How to print results.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Colour in human output: when stdout is a terminal (auto), or
    /// always, or never.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,
    /// Each input holds one body per line (JSON lines); one result per line.
    #[arg(long)]
    pub(crate) lines: bool,
    /// The inputs are `POST /handles/query` bodies (activity and search
    /// queries, docs/rules.md §8), not `POST /handles` bodies.
    #[arg(long)]
    pub(crate) query: bool,
    /// The largest body accepted, in bytes.
    #[arg(long, default_value_t = Validator::DEFAULT_MAX_BYTES)]
    pub(crate) max_bytes: usize,
    /// The deepest nesting of arrays and objects accepted (the body itself is
    /// depth 1); at most the validator's ceiling (its help says it, from
    /// `Validator::DEPTH_CEILING`).
    #[arg(
        long,
        default_value_t = Validator::DEFAULT_MAX_DEPTH,
        help = format!(
            "The deepest nesting of arrays and objects accepted (the body itself is depth 1); at most {0}: larger values act as {0}",
            Validator::DEPTH_CEILING
        )
    )]
    pub(crate) max_depth: usize,
    /// Files to read; `-` (the default) is standard input, which may be
    /// given once.
    #[arg(value_name = "FILE", default_value = "-")]
    pub(crate) files: Vec<PathBuf>,
}

/// Seconds, at least 1.
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=86_400)
}

#[derive(clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct ServeArgs {
    /// The address to listen on (plain HTTP unless --tls-cert; behind the
    /// service's own TLS terminator, plain is the intended use). Port 0
    /// picks a free one. The first line on stdout is `listening on
    /// http://ADDR` (or `https://`), printed once it serves.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(crate) listen: std::net::SocketAddr,
    /// Serve HTTPS on --listen with this certificate chain (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub(crate) tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub(crate) tls_key: Option<PathBuf>,
    /// Seconds from the first byte of a request to the last byte of its
    /// body, waiting for a free slot included (past it: 400, or 503 while
    /// still waiting for a slot).
    #[arg(long, default_value_t = 10, value_parser = seconds())]
    pub(crate) body_deadline: u64,
    /// Seconds a connection has to send a request's headers, from the
    /// connection's start (on a kept-alive connection, from the next
    /// request's first byte); past it the connection is closed.
    #[arg(long, default_value_t = 10, value_parser = seconds())]
    pub(crate) header_timeout: u64,
    /// Seconds a keep-alive connection may wait between requests, and a
    /// client may leave an answer unread, before it is closed.
    #[arg(long, default_value_t = 60, value_parser = seconds())]
    pub(crate) idle_timeout: u64,
    /// Connections held at once; more wait in the listen queue. Lowered to
    /// fit the open-file limit (with room for upstream connections).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub(crate) max_connections: u64,
    /// Seconds given to open connections after SIGINT, SIGTERM or SIGHUP;
    /// then the process exits anyway (a second signal: at once, exit 1).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub(crate) shutdown_grace: u64,
    /// Requests handled at once; more wait (within --body-deadline).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub(crate) concurrency: u64,
    /// Forward checked requests to this MPSD instead of answering them here
    /// (a validating proxy): `https://HOST[:PORT]` (or `http://` for a test
    /// upstream); no user, path, query or fragment.
    #[arg(long, value_name = "URL")]
    pub(crate) upstream: Option<String>,
    /// With --upstream https://: trust the CAs in this PEM file instead of
    /// the bundled web PKI roots (a private CA).
    #[arg(long, value_name = "FILE", requires = "upstream")]
    pub(crate) upstream_ca: Option<PathBuf>,
    /// With --upstream: seconds the upstream has to start its answer (and
    /// may pause in it) before the request is answered 504.
    #[arg(long, default_value_t = 30, requires = "upstream", value_parser = seconds())]
    pub(crate) upstream_timeout: u64,
    /// With --upstream: `enforce` refuses what breaks the rules; `report`
    /// forwards it anyway and logs it as would-refuse (for rolling out).
    #[arg(long, value_enum, default_value_t = Mode::Enforce, requires = "upstream")]
    pub(crate) mode: Mode,
    /// Serve `GET /metrics` (Prometheus text) and `GET /healthz` on this
    /// address; the second stdout line is `metrics on http://ADDR`.
    #[arg(long, value_name = "ADDR")]
    pub(crate) metrics_listen: Option<std::net::SocketAddr>,
    /// How the log on stderr is written: one JSON object per line, or
    /// `key=value` text.
    #[arg(long, value_enum, default_value_t = LogFormat::Json)]
    pub(crate) log_format: LogFormat,
}

/// What the proxy does with a request that breaks the rules.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Mode {
    /// Refuse it with its problem body.
    Enforce,
    /// Forward it anyway; log it as would-refuse and count it.
    Report,
}

/// How log lines are written.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// One JSON object per line.
    Json,
    /// `event key=value ...` per line.
    Text,
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// Which JSON Schema draft to write.
    #[arg(long, value_enum, default_value_t = Draft::Draft2020_12)]
    draft: Draft,
    /// Write the `OpenAPI` 3.1 document of `serve` instead.
    #[arg(long, conflicts_with = "draft")]
    openapi: bool,
    /// Write the schema of the problem body that answers a refusal instead.
    #[arg(long, conflicts_with_all = ["draft", "openapi"])]
    problem: bool,
    /// Write the schema of `POST /handles/query` bodies instead.
    #[arg(long, conflicts_with_all = ["openapi", "problem"])]
    query: bool,
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

/// When human output is in colour.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Color {
    /// When stdout is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Each violation drawn rustc-style (where it is, the source line, a
    /// caret under the value and the message), and a summary.
    Human,
    /// One JSON object per body, one per line.
    Json,
}
fn schema(args: &SchemaArgs) -> ExitCode {
    let draft = match args.draft {
        Draft::Draft2020_12 => mpsd_handles::schema::Draft::Draft2020_12,
        Draft::Draft07 => mpsd_handles::schema::Draft::Draft07,
    };
    let text = if args.openapi {
        // `Value`'s alternate `Display` is `to_string_pretty`, without a `Result`.
        format!("{:#}", openapi::openapi())
    } else if args.problem {
        format!("{:#}", mpsd_handles::schema::problem())
    } else if args.query {
        mpsd_handles::schema::query_to_string_pretty(draft)
    } else {
        mpsd_handles::schema::to_string_pretty(draft)
    };
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
pub(crate) fn warn(message: std::fmt::Arguments<'_>) {
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
        Command::Validate(args) => validate::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Schema(args) => schema(args),
    }
}
