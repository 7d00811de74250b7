//! Every sentence the crate says about a body, in one place.
//!
//! Values from the input appear only through [`Echo`]: escaped, and cut
//! after [`ECHO_LIMIT`](super::ECHO_LIMIT) characters.

use std::fmt::{self, Display, Formatter};

use super::Echo;
use super::detail::{Detail, Short};
use crate::model::HandleKind;
use crate::rules::handle_type::Kinds;
use crate::rules::members::{suggest, suggest_member};

/// The limits the messages state, from the rules that hold them (a limit
/// changed there is changed in every sentence here).
const NAME_MAX: usize = crate::rules::name::MAX_LEN;
const CONTEXT_MAX: usize = crate::rules::context::MAX_URI_ENCODED_LEN;
const ATTRIBUTE_NAME_MAX: usize = crate::rules::attribute::MAX_NAME_LEN;
const ATTRIBUTE_STRING_MAX: usize = crate::rules::attribute::MAX_STRING_BYTES;

/// A GUID shown as an example in messages.
const EXAMPLE_GUID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

/// `value` quoted and escaped: `"x\n"`.
struct Quoted<'a>(&'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", Echo::new(self.0))
    }
}

/// `value` bare and escaped: for numbers as the sender wrote them.
fn bare(value: &Short) -> Echo<'_> {
    Echo::new(value.as_str())
}

fn quoted(value: &Short) -> Quoted<'_> {
    Quoted(value.as_str())
}

/// `" Did you mean "x"?"`, or nothing.
struct Hint(Option<&'static str>);

impl Display for Hint {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, " Did you mean {s:?}?"),
            None => Ok(()),
        }
    }
}

/// An object's name at the start of a sentence: `the handle` → `The handle`.
struct Capitalized(&'static str);

impl Display for Capitalized {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.strip_prefix("the ") {
            Some(rest) => write!(f, "The {rest}"),
            None => f.write_str(self.0),
        }
    }
}

/// `An invite handle`, `A transfer handle`.
struct KindHandle<'n>(HandleKind, &'n str);

impl Display for KindHandle<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kind = self.0.as_str();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "An"
        } else {
            "A"
        };
        write!(f, "{article} {kind} {}", self.1)
    }
}

/// `"invite"`, or `"invite" or "search"`.
struct KindList(Kinds);

impl Display for KindList {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kinds: Vec<HandleKind> = self.0.iter().collect();
        for (i, k) in kinds.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == kinds.len() { " or " } else { ", " })?;
            }
            write!(f, "{:?}", k.as_str())?;
        }
        Ok(())
    }
}

impl Display for Detail {
    #[allow(clippy::too_many_lines)] // one arm per kind of violation, on purpose
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Syntax(syntax) => {
                f.write_str("The body is not valid JSON")?;
                if let Some(at) = &syntax.at {
                    write!(f, " at line {} column {}", at.line(), at.column())?;
                }
                write!(f, ": {}.", syntax.what)
            }
            Detail::TooLarge { max } => {
                write!(f, "The body is larger than the limit of {max} bytes.")
            }
            Detail::TooDeep { max } => write!(
                f,
                "The body nests arrays and objects more than {max} level{} deep.",
                if *max == 1 { "" } else { "s" }
            ),
            Detail::NotAnObject { object: "", found } => {
                write!(f, "The body must be a JSON object, but it is {found}.")
            }
            Detail::NotAnObject { object, found } => {
                write!(f, "{object} must be an object, but it is {found}.")
            }
            Detail::WrongType {
                member,
                expected,
                found,
            } => write!(f, "{member} must be {expected}, but it is {found}."),
            Detail::Missing { object, member } => write!(
                f,
                "{} is missing the required member {member:?}.",
                Capitalized(object)
            ),
            Detail::MissingForKind { kind, noun, member } => write!(
                f,
                "{} is missing the required member {member:?}.",
                KindHandle(*kind, noun)
            ),
            Detail::Unknown {
                object,
                name,
                known,
            } => write!(
                f,
                "{} has no member {}.{}",
                Capitalized(object),
                quoted(name),
                Hint(suggest_member(name.as_str(), known))
            ),
            Detail::Duplicate { member } => write!(
                f,
                "Member {member:?} appears more than once; it may appear only once."
            ),
            Detail::NotAllowed {
                member,
                kind,
                allowed,
            } => write!(
                f,
                "Member {member:?} is only allowed when type is {}, not {:?}.",
                KindList(*allowed),
                kind.as_str()
            ),
            Detail::UnsupportedVersion { spelling } => write!(
                f,
                "version {} is not supported: the only version is 1.",
                bare(spelling)
            ),
            Detail::VersionNotInteger { spelling: Some(s) } => write!(
                f,
                "version must be the integer 1 written without a fraction or exponent, not {}.",
                bare(s)
            ),
            Detail::VersionNotInteger { spelling: None } => {
                f.write_str("version must be the integer 1 written without a fraction or exponent.")
            }
            Detail::UnknownHandleType { value } => {
                let kinds: Vec<&'static str> = Kinds::ALL.iter().map(HandleKind::as_str).collect();
                write!(
                    f,
                    "type {} is not a handle type: use {}.{}",
                    quoted(value),
                    KindList(Kinds::ALL),
                    Hint(suggest(value.as_str(), &kinds))
                )
            }
            Detail::InvalidGuid { member, value } => {
                if !member.is_empty() {
                    write!(f, "{member} ")?;
                }
                write!(
                    f,
                    "{} is not a GUID: expected 8-4-4-4-12 hexadecimal digits such as {EXAMPLE_GUID:?}.",
                    quoted(value)
                )
            }
            Detail::NameEmpty { member } => {
                write!(f, "{member} is empty: it needs 1 to {NAME_MAX} characters.")
            }
            Detail::NameTooLong { member, len } => write!(
                f,
                "{member} is {len} characters long: at most {NAME_MAX} are allowed."
            ),
            Detail::NameInvalidCharacter { member, ch, at } => write!(
                f,
                "{member} has {} at character {at}: only A-Z a-z 0-9 - . _ ~ are allowed.",
                Quoted(ch.encode_utf8(&mut [0; 4]))
            ),
            Detail::TitleIdNotDecimal { value } => write!(
                f,
                "titleId {} is not a decimal uint32: use ASCII digits only, with no sign, space, leading zero or exponent.",
                quoted(value)
            ),
            Detail::TitleIdNotInteger { spelling } => {
                f.write_str("titleId")?;
                if let Some(s) = spelling {
                    write!(f, " {}", bare(s))?;
                }
                f.write_str(
                    " is written with a fraction or an exponent: write a decimal uint32 such as \"1018096776\".",
                )
            }
            Detail::TitleIdOutOfRange { value } => write!(
                f,
                "titleId {} is out of range: it must be between 0 and {}.",
                bare(value),
                u32::MAX
            ),
            Detail::XuidNotDecimal { member, value } => write!(
                f,
                "{member} {} is not a decimal u64: use ASCII digits only, with no sign, space, leading zero or exponent.",
                quoted(value)
            ),
            Detail::XuidOutOfRange { member, value } => write!(
                f,
                "{member} {} is out of range: it must be between 1 and {}.",
                bare(value),
                u64::MAX
            ),
            Detail::XuidNumber { member } => write!(
                f,
                "{member} must be a string of decimal digits, not a JSON number (a u64 does not survive a double)."
            ),
            Detail::ContextTooLong { len } => write!(
                f,
                "context is {len} characters long once URI-encoded: at most {CONTEXT_MAX} are allowed."
            ),
            Detail::InvalidAttributeName { value } => write!(
                f,
                "{} is not an attribute name: use an ASCII letter, then ASCII letters, digits or _, 1 to {ATTRIBUTE_NAME_MAX} characters in all.",
                quoted(value)
            ),
            Detail::AttributeStringTooLong { len } => write!(
                f,
                "The string attribute is {len} bytes long in UTF-8: at most {ATTRIBUTE_STRING_MAX} are allowed."
            ),
            Detail::AttributeNumberOutOfRange { spelling } => {
                f.write_str("The number")?;
                if let Some(s) = spelling {
                    write!(f, " {}", bare(s))?;
                }
                f.write_str(" does not fit a double: a numeric attribute must be finite.")
            }
            Detail::DuplicateAttribute { name } => write!(
                f,
                "Attribute {} appears more than once (names are compared without regard to case); it may appear only once.",
                quoted(name)
            ),
            Detail::UnknownQueryType { value } => write!(
                f,
                "type {} is not a query type: use \"activity\" or \"search\".{}",
                quoted(value),
                Hint(suggest(value.as_str(), &["activity", "search"]))
            ),
            Detail::UnknownMoniker { value } => write!(
                f,
                "moniker {} is not a social group: use \"people\", \"favorites\" or \"friends\" (in any case).",
                quoted(value)
            ),
            Detail::GlobalNotTrue => f.write_str("global must be true."),
            Detail::XuidsEmpty => f.write_str("xuids must hold at least one Xbox user id."),
            Detail::OwnersNotExactlyOne => {
                f.write_str("owners must hold exactly one of \"xuids\" and \"people\".")
            }
            Detail::InvalidFilter { error } => write!(f, "The filter is not valid {error}."),
            Detail::InvalidOrderBy { error } => write!(
                f,
                "orderBy must be one attribute, whitespace, then asc or desc: it is not valid {error}."
            ),
            Detail::Unreadable(what) => write!(f, "The body could not be read: {what}."),
        }
    }
}
