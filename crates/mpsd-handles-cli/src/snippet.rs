//! Human output of a violation, rustc-style (annotate-snippets): the
//! pointer and code, where it is, the source line and a caret under what it
//! is about, with the message as the caret's label.
//!
//! The line shown is the body's own, so it is made safe first: control and
//! invisible formatting characters are shown escaped (they could forge a
//! line or reorder one), and a long line is cut to a window around the
//! caret (a minified body is one line of up to 64 KiB).

use std::fmt::Write as _;

use crate::invariant::within_bytes;
use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use mpsd_handles::{Echo, Located};

/// The characters of a line shown, at most, around the caret.
const WINDOW: usize = 100;
/// Of which before the caret, when the line is cut.
const BEFORE: usize = 30;

/// A line made safe to show, with the caret's span in it.
struct Shown {
    text: String,
    span: std::ops::Range<usize>,
}

/// How a character of the body is shown: itself, or (a control or an
/// invisible formatting character) escaped as [`Echo`] does.
fn show(c: char, out: &mut String) {
    match c {
        // A tab keeps its width as one space (the caret stays aligned).
        '\t' => out.push(' '),
        // The source's own backslashes are shown as they are.
        '\\' => out.push('\\'),
        _ => {
            let mut buf = [0u8; 4];
            let _ = write!(out, "{}", Echo::new(c.encode_utf8(&mut buf)));
        }
    }
}

/// The lines of a body, for the violations drawn from it: where each line
/// starts is found once, and the line last asked for is kept decoded (a
/// minified body's thousands of violations are all on its one line).
pub(crate) struct Lines<'b> {
    body: &'b [u8],
    /// The byte each line starts at.
    starts: Vec<usize>,
    /// The line decoded last (1-based; 0 before any) and its characters.
    number: usize,
    chars: Vec<char>,
}

impl<'b> Lines<'b> {
    pub(crate) fn new(body: &'b [u8]) -> Self {
        let breaks = body.iter().enumerate().filter(|&(_, &b)| b == b'\n');
        let starts = std::iter::once(0)
            .chain(breaks.map(|(at, _)| at + 1))
            .collect();
        Self {
            body,
            starts,
            number: 0,
            chars: Vec::new(),
        }
    }

    /// The characters of line `number` (1-based; none past the last),
    /// without its line break.
    fn chars(&mut self, number: usize) -> &[char] {
        if number != self.number {
            let index = number.saturating_sub(1);
            let raw = match self.starts.get(index) {
                Some(&start) => {
                    let end = self
                        .starts
                        .get(index + 1)
                        .map_or(self.body.len(), |next| next - 1);
                    within_bytes(self.body, start..end)
                }
                None => &[],
            };
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            self.chars = String::from_utf8_lossy(raw).chars().collect();
            self.number = number;
        }
        &self.chars
    }
}

/// The characters `chars` of a line around chars `start..end` of it, made
/// safe and cut to the window.
fn window(chars: &[char], start: usize, end: usize) -> Shown {
    let start = start.min(chars.len());
    let end = end.clamp(start, chars.len());
    let (from, cut_front) = if chars.len() > WINDOW && start > BEFORE {
        (start - BEFORE, true)
    } else {
        (0, false)
    };
    let to = (from + WINDOW).min(chars.len());
    let mut shown = String::new();
    if cut_front {
        shown.push('…');
    }
    let mut span = shown.len()..shown.len();
    for (i, c) in chars.iter().enumerate().take(to).skip(from) {
        if i == start {
            span.start = shown.len();
        }
        show(*c, &mut shown);
        if i + 1 == end.min(to) {
            span.end = shown.len();
        }
    }
    if start >= to {
        span.start = shown.len();
    }
    span.end = span.end.max(span.start);
    if to < chars.len() {
        shown.push('…');
    }
    Shown { text: shown, span }
}

/// One violation of the body `lines` holds, from file `file` (shown as
/// given), as annotate-snippets renders it; `first_line` is the file's
/// line the body starts on (for `--lines`).
pub(crate) fn render(
    renderer: &Renderer,
    file: &str,
    first_line: usize,
    lines: &mut Lines<'_>,
    located: &Located<'_>,
) -> String {
    let v = located.violation();
    let pointer = if v.pointer().is_root() {
        "(root)".to_owned()
    } else {
        Echo::new(v.pointer().as_str()).to_string()
    };
    let message = v.message().to_string();
    let code = v.code().as_str();
    let Some(at) = located.location() else {
        return renderer.render(&[Level::ERROR
            .primary_title(&pointer)
            .id(code)
            .element(Origin::path(file))
            .element(Level::NOTE.message(&message))]);
    };
    let span_chars = lines
        .body
        .get(at.byte_range())
        .map_or(0, |b| String::from_utf8_lossy(b).chars().count())
        .max(1);
    let start = at.column() - 1;
    let shown = window(lines.chars(at.line()), start, start + span_chars);
    let line = first_line + at.line() - 1;
    let drawn = renderer.render(&[Level::ERROR.primary_title(&pointer).id(code).element(
        Snippet::source(&shown.text)
            .line_start(line)
            .fold(false)
            .annotation(AnnotationKind::Primary.span(shown.span).label(&message)),
    )]);
    // Where it is, in the body's own columns: the line shown may be cut
    // and escaped, so annotate-snippets (which would count them in what it
    // shows) does not write this line; it goes under the title.
    let gutter = line.to_string().len();
    let arrow = format!("{}--> {file}:{line}:{}", " ".repeat(gutter), at.column());
    match drawn.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{arrow}\n{rest}"),
        None => format!("{drawn}\n{arrow}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_caret_and_escaped() {
        let line = format!("{}\u{202e}x{}", "a".repeat(200), "b".repeat(200));
        let shown = window(&line.chars().collect::<Vec<_>>(), 200, 201);
        assert!(shown.text.starts_with('…') && shown.text.ends_with('…'));
        assert!(!shown.text.contains('\u{202e}'));
        assert_eq!(&shown.text[shown.span.clone()], "\\u{202e}");
        assert!(shown.text.chars().count() < WINDOW + 20);
    }

    #[test]
    fn spans_past_the_line_or_the_window_stay_inside() {
        for (line, start, end) in [("ab", 5, 9), ("", 0, 1), ("abc", 1, 100)] {
            let shown = window(&line.chars().collect::<Vec<_>>(), start, end);
            assert!(shown.span.start <= shown.span.end && shown.span.end <= shown.text.len());
        }
        let mut lines = Lines::new(b"x\ny\xffz\r\n\r\nw");
        let shown = window(lines.chars(2), 1, 2);
        assert_eq!(&shown.text[shown.span.clone()], "\u{fffd}");
        assert_eq!(lines.chars(3), &[] as &[char]);
        assert_eq!(lines.chars(4), &['w']);
        assert_eq!(lines.chars(1), &['x']);
        assert_eq!(lines.chars(5), &[] as &[char]);
    }
}
