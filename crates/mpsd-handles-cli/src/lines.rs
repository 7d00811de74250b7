//! `--lines`: one body per line, in bounded memory whatever the input.

use std::io::{self, BufRead, Read, Write};

use crate::validate::Judge;

use crate::output::{Printer, Shown};

/// Whether a line holds nothing but JSON whitespace (docs/rules.md §4): space, tab,
/// CR (and the LF that ends it). A form feed is not blank.
fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Validates every line of `reader`. A line is its bytes before `\n` (or
/// `\r\n`); one longer than the limit is `body_too_large`, printed as soon as
/// the limit is crossed, and the rest of it is read past, never held.
pub(crate) fn validate<W: Write>(
    printer: &mut Printer<W>,
    name: &Shown,
    reader: impl Read,
    judge: &Judge,
) -> io::Result<()> {
    let mut reader = io::BufReader::with_capacity(1 << 16, reader);
    let mut line = Vec::new();
    let mut number = 0u64;
    // Room for the longest accepted line and its "\r\n".
    let cap = u64::try_from(judge.max_bytes())
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
        if line.len() > judge.max_bytes() && !ended {
            // Over the limit, and the rest of the line is still unread: it
            // is blank only if all of it is; otherwise report it now.
            if is_blank(&line) && skip_blank(&mut reader)? {
                continue;
            }
            printer.result(name, Some(number), &line, &judge.judge(&line))?;
            printer.out.flush()?;
            skip_line(&mut reader)?;
            continue;
        }
        if is_blank(&line) {
            continue;
        }
        printer.result(name, Some(number), &line, &judge.judge(&line))?;
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
