//! The members of an object: which exist, which each handle type requires
//! or allows, and which known name an unknown one was meant to be.

use super::handle_type::{HandleKind, Kinds};

/// When a member may and must be present, by handle type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Presence {
    /// The handle types that require it.
    pub(crate) required: Kinds,
    /// The handle types that allow it (a superset of `required`).
    pub(crate) allowed: Kinds,
}

impl Presence {
    /// Required in every object of its kind.
    pub(crate) const REQUIRED: Presence = Presence {
        required: Kinds::ALL,
        allowed: Kinds::ALL,
    };
    /// Optional everywhere.
    pub(crate) const OPTIONAL: Presence = Presence {
        required: Kinds::NONE,
        allowed: Kinds::ALL,
    };

    /// Required by, and allowed only on, `kinds`.
    pub(crate) const fn only(kinds: &[HandleKind]) -> Presence {
        Presence {
            required: Kinds::of(kinds),
            allowed: Kinds::of(kinds),
        }
    }

    /// Optional, and allowed only on, `kinds`.
    pub(crate) const fn optional_on(kinds: &[HandleKind]) -> Presence {
        Presence {
            required: Kinds::NONE,
            allowed: Kinds::of(kinds),
        }
    }
}

/// One member of an object, as the object's table lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Member {
    /// The wire name.
    pub(crate) name: &'static str,
    /// Its pointer (the object's pointer, then `/name`).
    pub(crate) pointer: &'static str,
    pub(crate) presence: Presence,
}

/// A table's presence rules as bit masks (a bit per row), so that a valid
/// object is checked with a few instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Masks {
    /// The rows every handle type requires.
    pub(crate) always: u64,
    /// By handle type (`HandleKind as usize`): the rows it requires.
    pub(crate) required: [u64; 8],
    /// By handle type: the rows it allows.
    pub(crate) allowed: [u64; 8],
}

impl Masks {
    /// The masks of `table` (at most 64 rows).
    // Evaluated at compile time (`Object::MASKS`), where an index out of
    // bounds would fail the build; `kind` stays below 8 anyway.
    #[allow(clippy::indexing_slicing)]
    pub(crate) const fn of(table: &[Member]) -> Masks {
        let mut masks = Masks {
            always: 0,
            required: [0; 8],
            allowed: [0; 8],
        };
        let mut bit = 1u64;
        let mut rest = table;
        while let [row, tail @ ..] = rest {
            if row.presence.required.0 == Kinds::ALL.0 {
                masks.always |= bit;
            }
            let mut kind = 0;
            while kind < 8 {
                if row.presence.required.0 & (1 << kind) != 0 {
                    masks.required[kind] |= bit;
                }
                if row.presence.allowed.0 & (1 << kind) != 0 {
                    masks.allowed[kind] |= bit;
                }
                kind += 1;
            }
            bit <<= 1;
            rest = tail;
        }
        masks
    }

    /// Whether the rows `seen` break no presence rule for `kind` (or, with
    /// no usable kind, none of the rules every type shares).
    pub(crate) fn accept(&self, seen: u64, kind: Option<HandleKind>) -> bool {
        match kind {
            Some(k) => {
                let required = self.required.get(k as usize).copied().unwrap_or(0);
                let allowed = self.allowed.get(k as usize).copied().unwrap_or(0);
                seen & !allowed == 0 && required & !seen == 0
            }
            None => self.always & !seen == 0,
        }
    }
}

/// The known member nearest to `name`, if one is near enough to be a typo.
pub(crate) fn suggest_member(name: &str, known: &[Member]) -> Option<&'static str> {
    let names: Vec<&'static str> = known.iter().map(|m| m.name).collect();
    suggest(name, &names)
}

/// The known name nearest to `name`, if one is near enough to be a typo.
///
/// Case is ignored (`invitedXUID` → `invitedXuid`); then edit distance
/// decides, allowing about one edit (a transposition counts as one) per three characters; failing that, a
/// known name that starts with `name` (at least 4 characters) is suggested.
pub(crate) fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    if name.len() > 64 {
        return None;
    }
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) {
        return Some(k);
    }
    let lower = name.to_lowercase();
    let allowed = |k: &str| 1.max(k.len() / 3);
    let nearest = known
        .iter()
        // The distance is at least the difference in length.
        .filter(|k| k.len().abs_diff(lower.len()) <= allowed(k))
        .map(|k| (strsim::osa_distance(&lower, &k.to_lowercase()), *k))
        .filter(|&(d, k)| d <= allowed(k))
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k);
    nearest.or_else(|| {
        (lower.len() >= 4)
            .then(|| {
                known
                    .iter()
                    .copied()
                    .find(|k| k.to_lowercase().starts_with(&lower))
            })
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        let known = [
            "version",
            "type",
            "id",
            "sessionRef",
            "invitedXuid",
            "inviteAttributes",
        ];
        assert_eq!(suggest("invitedXUID", &known), Some("invitedXuid"));
        assert_eq!(suggest("sessionref", &known), Some("sessionRef"));
        assert_eq!(suggest("verison", &known), Some("version"));
        assert_eq!(suggest("zzzzzzzzzzzz", &known), None);
        assert_eq!(suggest("pad", &known), None);
        assert_eq!(
            suggest("nmae", &["scid", "templateName", "name"]),
            Some("name")
        );
    }
}
