//! Members of an object: unknown, duplicate and missing ones.

use std::borrow::Cow;

use crate::{Code, Echo, Violation};

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

/// An unknown member `name` of `object` (shown as `object_name`), with a suggestion.
pub(crate) fn unknown(pointer: String, object_name: &str, name: &str, known: &[&str]) -> Violation {
    let hint = suggest(name, known)
        .map(|s| format!(" Did you mean {s:?}?"))
        .unwrap_or_default();
    Violation::new(
        pointer,
        Code::UnknownMember,
        format!(
            "{} has no member {:#}.{hint}",
            capitalize(object_name),
            Echo::new(name)
        ),
    )
}

/// A second occurrence of the member at `pointer`.
pub(crate) fn duplicate(pointer: &str, name: &str) -> Violation {
    Violation::new(
        pointer,
        Code::DuplicateMember,
        format!("Member {name:?} appears more than once; it may appear only once."),
    )
}

/// A required member that is absent.
pub(crate) fn missing(pointer: &str, object_name: &str, name: &str) -> Violation {
    Violation::new(
        pointer,
        Code::MissingMember,
        format!(
            "{} is missing the required member {name:?}.",
            capitalize(object_name)
        ),
    )
}

/// `the handle` → `The handle`; member names are left as they are.
fn capitalize(s: &str) -> Cow<'_, str> {
    match s.strip_prefix("the ").or_else(|| s.strip_prefix("an ")) {
        Some(_) => {
            let mut out = String::with_capacity(s.len());
            out.extend(s.chars().take(1).flat_map(char::to_uppercase));
            out.push_str(s.get(1..).unwrap_or_default());
            Cow::Owned(out)
        }
        None => Cow::Borrowed(s),
    }
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
