//! Leaf members: read one value, check it with its rule, and record the
//! violation at the member's pointer.

use serde::de::MapAccess;

use super::walk::AnySeed;
use super::{Ctx, Mode, Stop};
use crate::report::{Pointer, Violation, ViolationKind};
use crate::rules::members::Member;
use crate::rules::{Fault, Json};

/// Reads the value of a leaf member and checks it with `check`: what the
/// check made of it, or `None` once its violation is recorded.
///
/// A `spelled` member (`version`, `titleId`) is judged by its number's
/// spelling: in a [`Mode::Fast`] walk, an `f64` (whose spelling serde lost)
/// stops the walk and asks for an exact pass.
// Measured: letting the compiler decide costs ≈ 8 % on a valid body.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn leaf<'de, A, V>(
    map: &mut A,
    ctx: &mut Ctx,
    depth: usize,
    member: &'static Member,
    spelled: bool,
    check: impl FnOnce(&Json<'_>) -> Result<V, Fault>,
) -> Result<Option<V>, A::Error>
where
    A: MapAccess<'de>,
{
    let value = map.next_value_seed(AnySeed { ctx, depth })?;
    if spelled && ctx.mode == Mode::Fast && matches!(value, Json::F64(_)) {
        return Err(ctx.stop(Stop::NeedsExact));
    }
    match check(&value) {
        Ok(v) => Ok(Some(v)),
        Err(fault) => {
            ctx.violation(|| {
                Violation::new(
                    Pointer::known(member.pointer),
                    ViolationKind::from_fault(fault, member.name, &value),
                )
            })?;
            Ok(None)
        }
    }
}

/// Reads a string member and checks it with `check`: the owned string when
/// the walk builds the model (a verdict-only walk copies nothing), or
/// `None` once its violation is recorded.
// Measured: letting the compiler decide costs ≈ 8 % on a valid body.
#[allow(clippy::inline_always)]
#[inline(always)]
pub(super) fn text_leaf<'de, A>(
    map: &mut A,
    ctx: &mut Ctx,
    depth: usize,
    member: &'static Member,
    check: impl FnOnce(&Json<'_>) -> Result<(), Fault>,
) -> Result<Option<String>, A::Error>
where
    A: MapAccess<'de>,
{
    let value = map.next_value_seed(AnySeed { ctx, depth })?;
    match (check(&value), value) {
        (Ok(()), Json::Str(s)) if ctx.builds() => Ok(Some(s.into_owned())),
        (Ok(()), _) => Ok(None),
        (Err(fault), value) => {
            ctx.violation(|| {
                Violation::new(
                    Pointer::known(member.pointer),
                    ViolationKind::from_fault(fault, member.name, &value),
                )
            })?;
            Ok(None)
        }
    }
}
