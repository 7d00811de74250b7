//! The grammar of docs/rules.md §8.5–§8.7: recursive descent, every rule
//! checked as its token is read, O1's "below the root" once the whole is
//! read. Recursion is bounded by D1: only `(` nests, and at most 32 are
//! open. What is built is the [`Tree`]'s: the syntax tree, or nothing.

use std::marker::PhantomData;

use super::lex::MAX_IDENTIFIER;
use super::tree::{Build, Check, LambdaParts, Lit, Tree};
use super::{
    AttributeType, CompareOp, Direction, Expr, FilterError, FilterExpected, FilterRule, OrderBy,
    Quantifier, attribute_type,
};
use crate::rules::within;

/// G5: words no path starts with, besides the operators
/// ([`CompareOp::from_word`]).
const RESERVED: [&str; 8] = ["and", "or", "not", "true", "false", "null", "inf", "nan"];

/// A broken rule at a byte offset (turned into characters at the end).
pub(super) type Parsed<T> = Result<T, (usize, FilterRule)>;

/// Parses a whole filter into its tree.
pub(super) fn filter(text: &str) -> Result<Expr, FilterError> {
    let mut p = Parser::<Build>::new(text);
    p.filter().map_err(|(at, rule)| p.error(at, rule))
}

/// Checks a whole filter, building nothing.
pub(super) fn check_filter(text: &str) -> Result<(), FilterError> {
    let mut p = Parser::<Check>::new(text);
    p.filter()
        .map(|_| ())
        .map_err(|(at, rule)| p.error(at, rule))
}

/// Parses a whole `orderBy`.
pub(super) fn order_by(text: &str) -> Result<OrderBy, FilterError> {
    let mut p = Parser::<Build>::new(text);
    p.order_by().map_err(|(at, rule)| p.error(at, rule))
}

pub(super) struct Parser<'s, B> {
    pub(super) text: &'s str,
    pub(super) bytes: &'s [u8],
    pub(super) pos: usize,
    /// Parentheses open now.
    pub(super) open: usize,
    /// The variables of the lambdas around the parser, and whether each
    /// has been used (allocated for the first lambda only; each holds a
    /// `(` open, so at most 32 are in scope).
    pub(super) vars: Vec<(&'s str, bool)>,
    /// `or`s read so far, and where the first one is.
    pub(super) ors: usize,
    pub(super) first_or: usize,
    pub(super) tree: PhantomData<B>,
}

fn reserved(word: &str) -> bool {
    // Every reserved word has 2 to 5 letters: most paths are past that.
    (2..=5).contains(&word.len())
        && (RESERVED.iter().any(|r| word.eq_ignore_ascii_case(r))
            || CompareOp::from_word(word.as_bytes()).is_some())
}

/// What a path turned out to be: a path (with its type), or a lambda on it.
enum Walked<'s, B: Tree> {
    Path(B::Path, Option<AttributeType>),
    Lambda(LambdaParts<'s, B>),
}

impl<'s, B: Tree> Parser<'s, B> {
    fn filter(&mut self) -> Parsed<B::Expr> {
        let root = self.or_expr()?;
        if !self.at_end() {
            self.ws();
            return Err((self.pos, FilterRule::Expected(FilterExpected::AndOrEnd)));
        }
        // O1: the one `or` stands at the root, perhaps inside groups that
        // wrap the whole filter.
        if self.ors == 1 && !B::or_at_root(&root) {
            return Err((self.first_or, FilterRule::OneOr));
        }
        Ok(root)
    }

    /// `RWS kw RWS`, consumed if the keyword is there; otherwise nothing.
    fn joiner(&mut self, kw: &str) -> Parsed<Option<usize>> {
        let save = self.pos;
        if self.ws() > 0 {
            let at = self.pos;
            if self.keyword(kw) {
                self.rws()?;
                return Ok(Some(at));
            }
        }
        self.pos = save;
        Ok(None)
    }

    fn or_expr(&mut self) -> Parsed<B::Expr> {
        let first = self.and_expr()?;
        let Some(at) = self.joiner("or")? else {
            return Ok(first);
        };
        // O1: a second `or` is refused where it stands, so there is one.
        self.ors += 1;
        if self.ors > 1 {
            return Err((at, FilterRule::OneOr));
        }
        self.first_or = at;
        let second = self.and_expr()?;
        if let Some(at) = self.joiner("or")? {
            return Err((at, FilterRule::OneOr));
        }
        Ok(B::or(first, second))
    }

    fn and_expr(&mut self) -> Parsed<B::Expr> {
        let first = self.term()?;
        if self.joiner("and")?.is_none() {
            return Ok(first);
        }
        let second = self.term()?;
        let mut items = B::list(first, second);
        while self.joiner("and")?.is_some() {
            B::push(&mut items, self.term()?);
        }
        Ok(B::and(items))
    }

    fn term(&mut self) -> Parsed<B::Expr> {
        let start = self.pos;
        if self.peek() == Some(b'(') {
            self.open_paren()?;
            self.ws();
            let inner = self.or_expr()?;
            self.close_paren()?;
            return Ok(B::group(inner));
        }
        let Some(word) = self.word() else {
            return Err((start, FilterRule::Expected(FilterExpected::Term)));
        };
        if self.bytes.get(start + word.len()) == Some(&b'(') {
            if !word.eq_ignore_ascii_case("tolower") {
                return Err((start, FilterRule::Function));
            }
            let path = self.tolower()?;
            self.rws()?;
            let Some(op) = self.operator() else {
                return Err((self.pos, FilterRule::Expected(FilterExpected::Operator)));
            };
            return self.compared(path, None, true, op);
        }
        match self.path_of(word, true)? {
            Walked::Lambda(parts) => self.lambda_compared(parts),
            Walked::Path(path, typed) => {
                let save = self.pos;
                if self.ws() > 0 {
                    if let Some(op) = self.operator() {
                        return self.compared(path, typed, false, op);
                    }
                }
                self.pos = save;
                if typed.is_some() {
                    return Err((start, FilterRule::TypedAsBoolean));
                }
                Ok(B::bare(path))
            }
        }
    }

    /// `tolower(path)`, at `tolower` (T3).
    fn tolower(&mut self) -> Parsed<B::Path> {
        self.pos += "tolower".len();
        self.open_paren()?;
        self.ws();
        let start = self.pos;
        let Walked::Path(path, typed) = self.path(false)? else {
            return Err((start, FilterRule::Function));
        };
        if typed == Some(AttributeType::Number) {
            return Err((start, FilterRule::ToLowerNumber));
        }
        self.close_paren()?;
        Ok(path)
    }

    /// `RWS literal` after `path op` (typed `typed`, in `tolower` or not):
    /// T2, T5.
    fn compared(
        &mut self,
        path: B::Path,
        typed: Option<AttributeType>,
        tolower: bool,
        op: CompareOp,
    ) -> Parsed<B::Expr> {
        self.rws()?;
        let at = self.pos;
        let literal = self.literal()?;
        let fits = matches!(
            (&literal, tolower, typed),
            (Lit::String(_), true, _)
                | (_, false, None)
                | (Lit::String(_), false, Some(AttributeType::String))
                | (Lit::Number(_), false, Some(AttributeType::Number))
        );
        if !fits {
            return Err((at, FilterRule::LiteralType));
        }
        if op.is_ordered() && matches!(literal, Lit::Boolean(_)) {
            return Err((at, FilterRule::OrderedBoolean));
        }
        Ok(B::compare(path, tolower, op, literal))
    }

    /// A lambda, then perhaps `RWS (eq|ne) RWS boolean`.
    fn lambda_compared(&mut self, parts: LambdaParts<'s, B>) -> Parsed<B::Expr> {
        let save = self.pos;
        if self.ws() > 0 {
            // A lambda compares only to a boolean: no ordered operator.
            let op = CompareOp::ALL
                .iter()
                .copied()
                .find(|op| !op.is_ordered() && self.keyword(op.as_str()));
            if let Some(op) = op {
                self.rws()?;
                let value = if self.keyword("true") {
                    true
                } else if self.keyword("false") {
                    false
                } else {
                    return Err((self.pos, FilterRule::Expected(FilterExpected::Boolean)));
                };
                return Ok(B::lambda(parts, Some((op, value))));
            }
        }
        self.pos = save;
        Ok(B::lambda(parts, None))
    }

    /// A path (G4, G5, T1), or, where `lambdas` allows, a lambda on it.
    fn path(&mut self, lambdas: bool) -> Parsed<Walked<'s, B>> {
        let Some(first) = self.word() else {
            return Err((self.pos, FilterRule::Expected(FilterExpected::Path)));
        };
        self.path_of(first, lambdas)
    }

    /// [`Parser::path`] whose first identifier, `first`, starts here.
    fn path_of(&mut self, first: &'s str, lambdas: bool) -> Parsed<Walked<'s, B>> {
        let start = self.pos;
        if first.len() > MAX_IDENTIFIER {
            return Err((start, FilterRule::IdentifierTooLong));
        }
        self.pos += first.len();
        if reserved(first) {
            return Err((start, FilterRule::ReservedWord));
        }
        if self.peek() == Some(b'(') {
            return Err((start, FilterRule::Function));
        }
        if let Some(var) = self.vars.iter_mut().rev().find(|(v, _)| *v == first) {
            var.1 = true;
        }
        // Where the path ends (before a lambda's `/any`), how many
        // identifiers it has, and where the first three start.
        let first_end = self.pos;
        let mut end = self.pos;
        let mut count = 1;
        let mut starts = [start, start, start];
        while self.peek() == Some(b'/') {
            self.pos += 1;
            let at = self.pos;
            let segment = self.identifier()?;
            if self.peek() == Some(b'(') {
                let quantifier = if segment.eq_ignore_ascii_case("any") {
                    Quantifier::Any
                } else if segment.eq_ignore_ascii_case("all") {
                    Quantifier::All
                } else {
                    return Err((at, FilterRule::Function));
                };
                if !lambdas {
                    return Err((at, FilterRule::Function));
                }
                let (collection, typed) =
                    self.typed_path([start, first_end, end], count, &starts)?;
                if typed.is_some() {
                    return Err((start, FilterRule::TypedAsBoolean));
                }
                return self.lambda(collection, quantifier).map(Walked::Lambda);
            }
            if let Some(slot) = starts.get_mut(count) {
                *slot = at;
            }
            count += 1;
            end = self.pos;
        }
        let (path, typed) = self.typed_path([start, first_end, end], count, &starts)?;
        Ok(Walked::Path(path, typed))
    }

    /// The path of the text from `start` to `end` (`count` identifiers, the
    /// first ending at `first_end`, the first three starting at `starts`),
    /// checked by T1 when its root is `numbers` or `strings`; and its type.
    fn typed_path(
        &self,
        [start, first_end, end]: [usize; 3],
        count: usize,
        starts: &[usize; 3],
    ) -> Parsed<(B::Path, Option<AttributeType>)> {
        let [s0, s1, s2] = *starts;
        let typed = self.text.get(start..first_end).and_then(attribute_type);
        if typed.is_some() {
            match count {
                1 => return Err((s0, FilterRule::TypedPath)),
                2 if !attribute_name(within(self.text, s1..end)) => {
                    return Err((s1, FilterRule::TypedPath));
                }
                2 => {}
                _ => return Err((s2, FilterRule::TypedPath)),
            }
        }
        let text = within(self.text, start..end);
        Ok((B::path(text, typed), typed))
    }

    /// The lambda's `(variable:predicate)`, at `(` (L1, L2).
    fn lambda(
        &mut self,
        collection: B::Path,
        quantifier: Quantifier,
    ) -> Parsed<LambdaParts<'s, B>> {
        self.open_paren()?;
        self.ws();
        let at = self.pos;
        let variable = self.identifier()?;
        let taken = self.vars.iter().any(|(v, _)| *v == variable);
        if taken || reserved(variable) || attribute_type(variable).is_some() {
            return Err((at, FilterRule::LambdaVariable));
        }
        self.ws();
        self.expect(b':', FilterExpected::Colon)?;
        self.ws();
        self.vars.push((variable, false));
        let predicate = self.or_expr()?;
        let used = self.vars.pop().is_some_and(|(_, used)| used);
        self.close_paren()?;
        if !used {
            return Err((at, FilterRule::LambdaUnused));
        }
        Ok(LambdaParts {
            collection,
            quantifier,
            variable,
            predicate,
        })
    }
}

impl Parser<'_, Build> {
    fn order_by(&mut self) -> Parsed<OrderBy> {
        let Walked::Path(path, _) = self.path(false)? else {
            return Err((0, FilterRule::Function));
        };
        self.rws()?;
        let direction = if self.keyword("asc") {
            Direction::Asc
        } else if self.keyword("desc") {
            Direction::Desc
        } else {
            return Err((self.pos, FilterRule::Expected(FilterExpected::Direction)));
        };
        if !self.at_end() {
            return Err((self.pos, FilterRule::Expected(FilterExpected::End)));
        }
        Ok(OrderBy { path, direction })
    }
}

/// docs/rules.md §6: an ASCII letter, then letters, digits or `_`; 1..=99.
fn attribute_name(name: &str) -> bool {
    crate::rules::attribute::name(name).is_ok()
}

/// The tree of a filter already checked (a model's).
///
/// Only text [`check_filter`] accepted comes here, and the check and this
/// parser agree on every text: `filter_props::mutations_never_panic_and_point_inside`
/// compares them on generated and mutated filters, and the fuzz targets on
/// arbitrary bytes. The empty `and` below is therefore unreachable: debug
/// builds (those tests, and the fuzz targets) stop there; a release build,
/// in a library that must not panic, gives it instead.
pub(super) fn tree(text: &str) -> Expr {
    filter(text).unwrap_or_else(|error| {
        debug_assert!(false, "the checked filter {text:?} does not build: {error}");
        Expr::And(Vec::new())
    })
}
