//! The parser of docs/rules.md §8.5–§8.7: recursive descent over the bytes
//! (the grammar outside strings is ASCII), every rule checked as its token
//! is read, O1's "below the root" once the tree is whole. Recursion is
//! bounded by D1: only `(` nests, and at most 32 are open.

use super::{
    AttributeType, CompareOp, Comparison, Direction, Expected, Expr, Filter, FilterError,
    FilterRule, Lambda, Literal, Operand, OrderBy, Path, Quantifier, attribute_type,
};

/// D1: parentheses open at once.
const MAX_OPEN: usize = 32;
/// G8: characters in an identifier.
const MAX_IDENTIFIER: usize = 128;
/// G5: words no path starts with.
const RESERVED: [&str; 14] = [
    "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "true", "false", "null", "inf", "nan",
];

/// A broken rule at a byte offset (turned into characters at the end).
type Parsed<T> = Result<T, (usize, FilterRule)>;

/// Parses a whole filter.
pub(super) fn filter(text: &str) -> Result<Filter, FilterError> {
    let mut p = Parser::new(text);
    p.filter().map_err(|(at, rule)| p.error(at, rule))
}

/// Parses a whole `orderBy`.
pub(super) fn order_by(text: &str) -> Result<OrderBy, FilterError> {
    let mut p = Parser::new(text);
    p.order_by().map_err(|(at, rule)| p.error(at, rule))
}

struct Parser<'s> {
    text: &'s str,
    bytes: &'s [u8],
    pos: usize,
    /// Parentheses open now.
    open: usize,
    /// The variables of the lambdas around the parser, and whether each
    /// has been used.
    vars: Vec<(&'s str, bool)>,
    /// `or`s read so far, and where the first one is.
    ors: usize,
    first_or: usize,
}

fn is_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_rest(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn reserved(word: &str) -> bool {
    // Every reserved word has 2 to 5 letters: most paths are past that.
    (2..=5).contains(&word.len()) && RESERVED.iter().any(|r| word.eq_ignore_ascii_case(r))
}

impl<'s> Parser<'s> {
    fn new(text: &'s str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            open: 0,
            vars: Vec::new(),
            ors: 0,
            first_or: 0,
        }
    }

    fn error(&self, at: usize, rule: FilterRule) -> FilterError {
        let offset = self.text.get(..at).map_or(0, |s| s.chars().count());
        FilterError { offset, rule }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Skips spaces and tabs; how many.
    fn ws(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// Requires whitespace here (RWS).
    fn rws(&mut self) -> Parsed<()> {
        if self.ws() == 0 {
            return Err((self.pos, FilterRule::Expected(Expected::Whitespace)));
        }
        Ok(())
    }

    /// The identifier starting here (not consumed), if one does.
    fn word(&self) -> Option<&'s str> {
        let rest = self.bytes.get(self.pos..)?;
        if !is_start(*rest.first()?) {
            return None;
        }
        let len = rest.iter().take_while(|b| is_rest(**b)).count();
        self.text.get(self.pos..self.pos + len)
    }

    /// Consumes the keyword `kw` (ignoring ASCII case) if the identifier
    /// here is exactly it.
    fn keyword(&mut self, kw: &str) -> bool {
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
    fn identifier(&mut self) -> Parsed<&'s str> {
        let start = self.pos;
        let Some(word) = self.word() else {
            return Err((start, FilterRule::Expected(Expected::Identifier)));
        };
        if word.len() > MAX_IDENTIFIER {
            return Err((start, FilterRule::IdentifierTooLong));
        }
        self.pos += word.len();
        Ok(word)
    }

    fn expect(&mut self, byte: u8, expected: Expected) -> Parsed<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err((self.pos, FilterRule::Expected(expected)))
        }
    }

    /// Consumes a `(` (D1).
    fn open_paren(&mut self) -> Parsed<()> {
        if self.open == MAX_OPEN {
            return Err((self.pos, FilterRule::TooDeep));
        }
        self.open += 1;
        self.pos += 1;
        Ok(())
    }

    /// Consumes a `)` after optional whitespace.
    fn close_paren(&mut self) -> Parsed<()> {
        self.ws();
        self.expect(b')', Expected::CloseParen)?;
        self.open -= 1;
        Ok(())
    }

    fn filter(&mut self) -> Parsed<Filter> {
        let root = self.or_expr()?;
        if !self.at_end() {
            self.ws();
            return Err((self.pos, FilterRule::Expected(Expected::AndOrEnd)));
        }
        // O1: the one `or` stands at the root, perhaps inside groups that
        // wrap the whole filter.
        if self.ors == 1 {
            let mut top = &root;
            while let Expr::Group(inner) = top {
                top = inner;
            }
            if !matches!(top, Expr::Or(_)) {
                return Err((self.first_or, FilterRule::OneOr));
            }
        }
        Ok(Filter { root })
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

    fn or_expr(&mut self) -> Parsed<Expr> {
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
        Ok(Expr::Or(vec![first, second]))
    }

    fn and_expr(&mut self) -> Parsed<Expr> {
        let first = self.term()?;
        if self.joiner("and")?.is_none() {
            return Ok(first);
        }
        let mut items = Vec::with_capacity(4);
        items.push(first);
        items.push(self.term()?);
        while self.joiner("and")?.is_some() {
            items.push(self.term()?);
        }
        Ok(Expr::And(items))
    }

    fn term(&mut self) -> Parsed<Expr> {
        let start = self.pos;
        if self.peek() == Some(b'(') {
            self.open_paren()?;
            self.ws();
            let inner = self.or_expr()?;
            self.close_paren()?;
            return Ok(Expr::Group(Box::new(inner)));
        }
        let Some(word) = self.word() else {
            return Err((start, FilterRule::Expected(Expected::Term)));
        };
        if self.bytes.get(start + word.len()) == Some(&b'(') {
            if !word.eq_ignore_ascii_case("tolower") {
                return Err((start, FilterRule::Function));
            }
            let path = self.tolower()?;
            return self.comparison(Operand::ToLower(path));
        }
        match self.path_of(word, true)? {
            Walked::Lambda(lambda) => self.lambda_compared(lambda),
            Walked::Path(path) => {
                let save = self.pos;
                if self.ws() > 0
                    && let Some(op) = self.operator()
                {
                    return self.compared(Operand::Path(path), op);
                }
                self.pos = save;
                if path.typed().is_some() {
                    return Err((start, FilterRule::TypedAsBoolean));
                }
                Ok(Expr::Path(path))
            }
        }
    }

    /// `tolower(path)`, at `tolower`.
    fn tolower(&mut self) -> Parsed<Path> {
        self.pos += "tolower".len();
        self.open_paren()?;
        self.ws();
        let start = self.pos;
        if self.word().is_none() {
            return Err((start, FilterRule::Expected(Expected::Path)));
        }
        let Walked::Path(path) = self.path(false)? else {
            return Err((start, FilterRule::Function));
        };
        if matches!(path.typed(), Some((AttributeType::Number, _))) {
            return Err((start, FilterRule::ToLowerNumber));
        }
        self.close_paren()?;
        Ok(path)
    }

    /// The comparison operator here, consumed.
    fn operator(&mut self) -> Option<CompareOp> {
        let [a, b] = *self.bytes.get(self.pos..self.pos + 2)?.first_chunk::<2>()?;
        if self.bytes.get(self.pos + 2).copied().is_some_and(is_rest) {
            return None;
        }
        let op = match [a.to_ascii_lowercase(), b.to_ascii_lowercase()] {
            [b'e', b'q'] => CompareOp::Eq,
            [b'n', b'e'] => CompareOp::Ne,
            [b'g', b't'] => CompareOp::Gt,
            [b'g', b'e'] => CompareOp::Ge,
            [b'l', b't'] => CompareOp::Lt,
            [b'l', b'e'] => CompareOp::Le,
            _ => return None,
        };
        self.pos += 2;
        Some(op)
    }

    /// `RWS op RWS literal` after `operand`.
    fn comparison(&mut self, operand: Operand) -> Parsed<Expr> {
        self.rws()?;
        let Some(op) = self.operator() else {
            return Err((self.pos, FilterRule::Expected(Expected::Operator)));
        };
        self.compared(operand, op)
    }

    /// `RWS literal` after `operand op` (T2, T5).
    fn compared(&mut self, operand: Operand, op: CompareOp) -> Parsed<Expr> {
        self.rws()?;
        let at = self.pos;
        let literal = self.literal()?;
        let fits = matches!(
            (&operand, operand.path().typed(), &literal),
            (Operand::ToLower(_), _, Literal::String(_))
                | (
                    Operand::Path(_),
                    Some((AttributeType::String, _)),
                    Literal::String(_)
                )
                | (
                    Operand::Path(_),
                    Some((AttributeType::Number, _)),
                    Literal::Number(_)
                )
                | (Operand::Path(_), None, _)
        );
        if !fits {
            return Err((at, FilterRule::LiteralType));
        }
        let ordered = !matches!(op, CompareOp::Eq | CompareOp::Ne);
        if ordered && matches!(literal, Literal::Boolean(_)) {
            return Err((at, FilterRule::OrderedBoolean));
        }
        Ok(Expr::Compare(Comparison {
            operand,
            op,
            literal,
        }))
    }

    /// A lambda, then perhaps `RWS (eq|ne) RWS boolean`.
    fn lambda_compared(&mut self, mut lambda: Lambda) -> Parsed<Expr> {
        let save = self.pos;
        if self.ws() > 0 {
            let op = if self.keyword("eq") {
                Some(CompareOp::Eq)
            } else if self.keyword("ne") {
                Some(CompareOp::Ne)
            } else {
                None
            };
            if let Some(op) = op {
                self.rws()?;
                let value = if self.keyword("true") {
                    true
                } else if self.keyword("false") {
                    false
                } else {
                    return Err((self.pos, FilterRule::Expected(Expected::Boolean)));
                };
                lambda.compared = Some((op, value));
                return Ok(Expr::Lambda(lambda));
            }
        }
        self.pos = save;
        Ok(Expr::Lambda(lambda))
    }

    /// A path (G4, G5, T1), or, where `lambdas` allows, a lambda on it.
    fn path(&mut self, lambdas: bool) -> Parsed<Walked> {
        let Some(first) = self.word() else {
            return Err((self.pos, FilterRule::Expected(Expected::Identifier)));
        };
        self.path_of(first, lambdas)
    }

    /// [`Parser::path`] whose first identifier, `first`, starts here.
    fn path_of(&mut self, first: &'s str, lambdas: bool) -> Parsed<Walked> {
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
                let collection = self.typed_path([start, first_end, end], count, &starts)?;
                if collection.typed().is_some() {
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
        self.typed_path([start, first_end, end], count, &starts)
            .map(Walked::Path)
    }

    /// The path of the text from `start` to `end` (`count` identifiers, the
    /// first ending at `first_end`, the first three starting at `starts`),
    /// checked by T1 when its root is `numbers` or `strings`.
    fn typed_path(
        &self,
        [start, first_end, end]: [usize; 3],
        count: usize,
        starts: &[usize; 3],
    ) -> Parsed<Path> {
        let text = self.text.get(start..end).unwrap_or_default();
        let [s0, s1, s2] = *starts;
        let typed = self.text.get(start..first_end).and_then(attribute_type);
        if typed.is_some() {
            match count {
                1 => return Err((s0, FilterRule::TypedPath)),
                2 if !attribute_name(self.text.get(s1..end).unwrap_or_default()) => {
                    return Err((s1, FilterRule::TypedPath));
                }
                2 => {}
                _ => return Err((s2, FilterRule::TypedPath)),
            }
        }
        Ok(Path {
            text: text.into(),
            typed: typed.filter(|_| count == 2),
        })
    }

    /// The lambda's `(variable:predicate)`, at `(` (L1, L2).
    fn lambda(&mut self, collection: Path, quantifier: Quantifier) -> Parsed<Lambda> {
        self.open_paren()?;
        self.ws();
        let at = self.pos;
        let variable = self.identifier()?;
        let taken = self.vars.iter().any(|(v, _)| *v == variable);
        if taken || reserved(variable) || attribute_type(variable).is_some() {
            return Err((at, FilterRule::LambdaVariable));
        }
        self.ws();
        self.expect(b':', Expected::Colon)?;
        self.ws();
        // Allocated for the first lambda only; each lambda holds a `(`
        // open, so at most `MAX_OPEN` are in scope.
        self.vars.push((variable, false));
        let predicate = self.or_expr()?;
        let used = self.vars.pop().is_some_and(|(_, used)| used);
        self.close_paren()?;
        if !used {
            return Err((at, FilterRule::LambdaUnused));
        }
        Ok(Lambda {
            collection,
            quantifier,
            variable: variable.into(),
            predicate: Box::new(predicate),
            compared: None,
        })
    }

    fn literal(&mut self) -> Parsed<Literal> {
        let start = self.pos;
        match self.peek() {
            Some(b'\'') => self.string().map(Literal::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Literal::Number),
            _ if self.keyword("true") => Ok(Literal::Boolean(true)),
            _ if self.keyword("false") => Ok(Literal::Boolean(false)),
            _ => Err((start, FilterRule::Expected(Expected::Literal))),
        }
    }

    /// `'…'` with `''` as one quote, at the opening quote.
    fn string(&mut self) -> Parsed<String> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // The run of plain characters up to a quote or a control
            // character (both ASCII: never inside a multi-byte character).
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| b == b'\'' || b < b' ')
                .unwrap_or(rest.len());
            out.push_str(self.text.get(self.pos..self.pos + run).unwrap_or_default());
            self.pos += run;
            match (self.peek(), self.bytes.get(self.pos + 1)) {
                (None, _) => return Err((self.pos, FilterRule::Expected(Expected::Quote))),
                (Some(b'\''), Some(b'\'')) => {
                    out.push('\'');
                    self.pos += 2;
                }
                (Some(b'\''), _) => {
                    self.pos += 1;
                    return Ok(out);
                }
                (Some(_), _) => {
                    return Err((self.pos, FilterRule::Expected(Expected::StringCharacter)));
                }
            }
        }
    }

    fn digits(&mut self) -> Parsed<()> {
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err((self.pos, FilterRule::Expected(Expected::Digit)));
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
        let spelled = self.text.get(start..self.pos).unwrap_or_default();
        match spelled.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err((start, FilterRule::NumberRange)),
        }
    }

    fn order_by(&mut self) -> Parsed<OrderBy> {
        if self.word().is_none() {
            return Err((self.pos, FilterRule::Expected(Expected::Path)));
        }
        let Walked::Path(path) = self.path(false)? else {
            return Err((0, FilterRule::Function));
        };
        self.rws()?;
        let direction = if self.keyword("asc") {
            Direction::Asc
        } else if self.keyword("desc") {
            Direction::Desc
        } else {
            return Err((self.pos, FilterRule::Expected(Expected::Direction)));
        };
        if !self.at_end() {
            return Err((self.pos, FilterRule::Expected(Expected::End)));
        }
        Ok(OrderBy { path, direction })
    }
}

/// What a path turned out to be.
enum Walked {
    Path(Path),
    Lambda(Lambda),
}

/// docs/rules.md §6: an ASCII letter, then letters, digits or `_`; 1..=99.
fn attribute_name(name: &str) -> bool {
    crate::rules::attribute::name(name).is_ok()
}
