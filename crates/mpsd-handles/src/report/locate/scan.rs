//! The scan behind [`Report::locate`](crate::report::Report::locate): one
//! pass over the text that follows the pointers it is asked about.

use std::collections::HashMap;
use std::ops::Range;

use super::{Anchor, Location, anchor};
use crate::report::{Code, Violation, ViolationKind};

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Wanted {
    pub(super) value: bool,
    pub(super) name: bool,
    pub(super) open: bool,
}

impl Wanted {
    const NOTHING: Wanted = Wanted {
        value: false,
        name: false,
        open: false,
    };
}

#[derive(Debug, Default)]
pub(super) struct Found {
    value: Option<Range<usize>>,
    /// Every occurrence of the member name, in order (a repeated member's
    /// violations are at the second and later ones).
    names: Vec<Range<usize>>,
    open: Option<usize>,
}

/// The scan: a position in the text, the pointer of the value there, and
/// what has been found of what is wanted.
pub(super) struct Scan<'t, 'r> {
    pub(super) text: &'t [u8],
    pub(super) at: usize,
    pub(super) path: String,
    pub(super) wanted: HashMap<&'r str, Wanted>,
    pub(super) found: HashMap<String, Found>,
    pub(super) too_deep: Option<usize>,
    /// The first container deeper than the limit.
    pub(super) deepest: Option<usize>,
}

/// Deeper than this, the scan gives up (a body that deep was refused
/// before it was walked: `too_deep` is placed at the first container past
/// the limit, which is shallower).
const SCAN_DEPTH: usize = 128;

impl Scan<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn wanted(&self) -> Wanted {
        self.wanted
            .get(self.path.as_str())
            .copied()
            // A place no violation points at wants nothing.
            .unwrap_or(Wanted::NOTHING)
    }

    fn found(&mut self) -> &mut Found {
        self.found.entry(self.path.clone()).or_default()
    }

    /// Reads one value at container depth `depth`; `None` where the text
    /// stops being JSON (nothing after it is placed).
    pub(super) fn value(&mut self, depth: usize) -> Option<()> {
        self.skip_whitespace();
        let start = self.at;
        match self.peek()? {
            open @ (b'{' | b'[') => {
                if depth > SCAN_DEPTH {
                    return None;
                }
                if self.too_deep.is_some_and(|max| depth > max) && self.deepest.is_none() {
                    self.deepest = Some(start);
                }
                let want = self.wanted();
                if want.open {
                    self.found().open = Some(start);
                }
                self.at += 1;
                if open == b'{' {
                    self.object(depth)?;
                } else {
                    self.array(depth)?;
                }
                if want.value {
                    // A container is shown by its opening bracket.
                    self.found().value = Some(start..start + 1);
                }
            }
            b'"' => {
                let end = self.string_end()?;
                self.record_value(start..end);
            }
            _ => {
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E' | b'a'..=b'z')
                ) {
                    self.at += 1;
                }
                if self.at == start {
                    return None;
                }
                self.record_value(start..self.at);
            }
        }
        Some(())
    }

    fn record_value(&mut self, bytes: Range<usize>) {
        if self.wanted().value {
            self.found().value = Some(bytes);
        }
    }

    /// Past a string that starts at the cursor; its end.
    fn string_end(&mut self) -> Option<usize> {
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(self.at);
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.skip_whitespace();
            let key_start = self.at;
            if self.peek()? != b'"' {
                return None;
            }
            let key_end = self.string_end()?;
            let raw = self.text.get(key_start..key_end)?;
            let name: String = serde_json::from_slice(raw).ok()?;
            let parent_len = self.path.len();
            self.path.push('/');
            for c in name.chars() {
                match c {
                    '~' => self.path.push_str("~0"),
                    '/' => self.path.push_str("~1"),
                    c => self.path.push(c),
                }
            }
            if self.wanted().name {
                self.found().names.push(key_start..key_end);
            }
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            let read = self.value(depth + 1);
            self.path.truncate(parent_len);
            read?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        let mut index = 0usize;
        loop {
            let parent_len = self.path.len();
            self.path.push('/');
            self.path.push_str(&index.to_string());
            let read = self.value(depth + 1);
            self.path.truncate(parent_len);
            read?;
            index += 1;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Where `v` is, from what the scan found: a location already known,
    /// or the bytes it spans (whose line and column [`Report::locate`]
    /// counts for every violation in one sweep).
    ///
    /// [`Report::locate`]: crate::report::Report::locate
    pub(super) fn place_of<'v>(
        &self,
        v: &'v Violation,
        names_used: &mut HashMap<&'v str, usize>,
    ) -> Option<Place> {
        match &v.kind {
            ViolationKind::Syntax(syntax) => return syntax.at.clone().map(Place::Known),
            ViolationKind::TooLarge { max } => {
                let at = (*max).min(self.text.len());
                return Some(Place::Bytes(at..at));
            }
            ViolationKind::TooDeep { .. } => {
                return self.deepest.map(|at| Place::Bytes(at..at + 1));
            }
            _ => {}
        }
        let (pointer, anchor) = anchor(v)?;
        let found = self.found.get(pointer)?;
        let bytes = match anchor {
            Anchor::Value => found.value.clone()?,
            Anchor::Open => found.open.map(|at| at..at + 1)?,
            Anchor::Name => {
                // A repeated member: its second occurrence, then the next.
                let nth = if v.code() == Code::DuplicateMember {
                    let used = names_used.entry(v.pointer().as_str()).or_insert(0);
                    *used += 1;
                    *used
                } else {
                    0
                };
                found
                    .names
                    .get(nth)
                    .or_else(|| found.names.last())
                    .cloned()?
            }
        };
        Some(Place::Bytes(bytes))
    }
}

/// Where a violation is, as [`Scan::place_of`] finds it.
pub(super) enum Place {
    /// Already a location (a syntax error carries its own).
    Known(Location),
    /// The bytes of the text it spans.
    Bytes(Range<usize>),
}
