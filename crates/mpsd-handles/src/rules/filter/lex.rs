//! The parser's tokens: whitespace, identifiers, keywords, parentheses and
//! literals, read from the bytes (the grammar outside strings is ASCII).

use std::marker::PhantomData;

use super::parse::{Parsed, Parser};
use super::tree::{Lit, Tree};
use super::{CompareOp, FilterError, FilterExpected, FilterRule};
use crate::rules::{within, within_slice};

/// D1: parentheses open at once.
pub(super) const MAX_OPEN: usize = 32;
/// G8: characters in an identifier.
pub(super) const MAX_IDENTIFIER: usize = 128;

pub(super) fn is_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

pub(super) fn is_rest(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'s, B: Tree> Parser<'s, B> {
    pub(super) fn new(text: &'s str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            open: 0,
            vars: Vec::new(),
            ors: 0,
            first_or: 0,
            tree: PhantomData,
        }
    }

    /// The error of `rule` broken at byte `at`, its offset in characters.
    pub(super) fn error(&self, at: usize, rule: FilterRule) -> FilterError {
        let offset = self.text.get(..at).map_or(0, |s| s.chars().count());
        FilterError { offset, rule }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Skips spaces and tabs; how many.
    pub(super) fn ws(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Requires whitespace here (RWS).
    pub(super) fn rws(&mut self) -> Parsed<()> {
        if self.ws() == 0 {
            return Err((self.pos, FilterRule::Expected(FilterExpected::Whitespace)));
        }
        Ok(())
    }

    /// The identifier starting here (not consumed), if one does.
    pub(super) fn word(&self) -> Option<&'s str> {
        let rest = self.bytes.get(self.pos..)?;
        if !is_start(*rest.first()?) {
            return None;
        }
        let len = rest.iter().take_while(|b| is_rest(**b)).count();
        self.text.get(self.pos..self.pos + len)
    }

    /// Consumes the keyword `kw` (ignoring ASCII case) if the identifier
    /// here is exactly it.
    pub(super) fn keyword(&mut self, kw: &str) -> bool {
        let end = self.pos + kw.len();
        let here = self.bytes.get(self.pos..end);
        // The keyword's letters, then anything but an identifier's.
        if here.is_some_and(|h| h.eq_ignore_ascii_case(kw.as_bytes()))
            && !self.bytes.get(end).copied().is_some_and(is_rest)
        {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// Consumes an identifier (G8).
    pub(super) fn identifier(&mut self) -> Parsed<&'s str> {
        let start = self.pos;
        let Some(word) = self.word() else {
            return Err((start, FilterRule::Expected(FilterExpected::Identifier)));
        };
        if word.len() > MAX_IDENTIFIER {
            return Err((start, FilterRule::IdentifierTooLong));
        }
        self.pos += word.len();
        Ok(word)
    }

    pub(super) fn expect(&mut self, byte: u8, expected: FilterExpected) -> Parsed<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err((self.pos, FilterRule::Expected(expected)))
        }
    }

    /// Consumes a `(` (D1).
    pub(super) fn open_paren(&mut self) -> Parsed<()> {
        if self.open == MAX_OPEN {
            return Err((self.pos, FilterRule::TooDeep));
        }
        self.open += 1;
        self.pos += 1;
        Ok(())
    }

    /// Consumes a `)` after optional whitespace.
    pub(super) fn close_paren(&mut self) -> Parsed<()> {
        self.ws();
        self.expect(b')', FilterExpected::CloseParen)?;
        self.open -= 1;
        Ok(())
    }

    /// The comparison operator here, consumed.
    pub(super) fn operator(&mut self) -> Option<CompareOp> {
        let [a, b] = *self.bytes.get(self.pos..self.pos + 2)?.first_chunk::<2>()?;
        if self.bytes.get(self.pos + 2).copied().is_some_and(is_rest) {
            return None;
        }
        let op = CompareOp::from_word(&[a, b])?;
        self.pos += 2;
        Some(op)
    }

    /// A string, a number or a boolean.
    pub(super) fn literal(&mut self) -> Parsed<Lit<B::Str>> {
        let start = self.pos;
        match self.peek() {
            Some(b'\'') => self.string().map(Lit::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Lit::Number),
            _ if self.keyword("true") => Ok(Lit::Boolean(true)),
            _ if self.keyword("false") => Ok(Lit::Boolean(false)),
            _ => Err((start, FilterRule::Expected(FilterExpected::Literal))),
        }
    }

    /// `'…'` with `''` as one quote, at the opening quote.
    fn string(&mut self) -> Parsed<B::Str> {
        self.pos += 1;
        let mut out = B::Str::default();
        loop {
            // The run of plain characters up to a quote or a control
            // character (both ASCII: never inside a multi-byte character).
            let rest = within_slice(self.bytes, self.pos..);
            let run = rest
                .iter()
                .position(|&b| b == b'\'' || b < b' ')
                .unwrap_or(rest.len());
            B::push_str(&mut out, within(self.text, self.pos..self.pos + run));
            self.pos += run;
            match (self.peek(), self.bytes.get(self.pos + 1)) {
                (None, _) => return Err((self.pos, FilterRule::Expected(FilterExpected::Quote))),
                (Some(b'\''), Some(b'\'')) => {
                    B::push_str(&mut out, "'");
                    self.pos += 2;
                }
                (Some(b'\''), _) => {
                    self.pos += 1;
                    return Ok(out);
                }
                (Some(_), _) => {
                    return Err((
                        self.pos,
                        FilterRule::Expected(FilterExpected::StringCharacter),
                    ));
                }
            }
        }
    }

    fn digits(&mut self) -> Parsed<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err((self.pos, FilterRule::Expected(FilterExpected::Digit)));
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        Ok(())
    }

    /// A number (N1), at `-` or a digit.
    fn number(&mut self) -> Parsed<f64> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else {
            self.digits()?;
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.digits()?;
        }
        let spelled = within(self.text, start..self.pos);
        match spelled.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err((start, FilterRule::NumberRange)),
        }
    }
}
