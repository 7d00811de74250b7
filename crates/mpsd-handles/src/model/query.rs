//! The `POST /handles/query` bodies (docs/rules.md §8): activity queries
//! (whose handles, for a list of users or a social group) and search
//! queries (the search handles of a template that match a filter).

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::{HandleKind, Scid, TemplateName, Xuid};
pub use crate::rules::filter::{
    AttributeType, CompareOp, Comparison, Direction, Expr, Filter, FilterError, FilterExpected,
    FilterPath, FilterRule, Lambda, Literal, Operand, OrderBy, Quantifier,
};

/// A `POST /handles/query` body, told apart by its `type` member.
///
/// Serializing writes the wire JSON in the order the Xbox Live SDK writes
/// it (a filter and an order in their canonical form); deserializing
/// validates every rule, like [`query_from_slice`](crate::query_from_slice)
/// without its byte limit.
///
/// ```
/// use mpsd_handles::HandleQuery;
/// let body = r#"{"type":"activity","scid":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
///     "owners":{"xuids":["2533274792395670"]}}"#;
/// let query: HandleQuery = serde_json::from_str(body)?;
/// assert!(matches!(query, HandleQuery::Activity(_)));
/// assert_eq!(serde_json::to_string(&query)?, body.replace(['\n', ' '], ""));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
#[non_exhaustive]
pub enum HandleQuery {
    /// `"type": "activity"`.
    Activity(ActivityQuery),
    /// `"type": "search"`.
    Search(SearchQuery),
}

impl HandleQuery {
    /// The query's type: [`HandleKind::Activity`](crate::HandleKind::Activity)
    /// or [`HandleKind::Search`](crate::HandleKind::Search).
    #[must_use]
    pub fn kind(&self) -> HandleKind {
        match self {
            HandleQuery::Activity(_) => HandleKind::Activity,
            HandleQuery::Search(_) => HandleKind::Search,
        }
    }

    /// The service configuration the query looks in.
    #[must_use]
    pub fn scid(&self) -> Scid {
        match self {
            HandleQuery::Activity(q) => q.scid,
            HandleQuery::Search(q) => q.scid,
        }
    }
}

/// An activity query: the activity handles of some users.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActivityQuery {
    /// The service configuration id.
    pub scid: Scid,
    /// Whose activities.
    pub owners: Owners,
}

/// Whose activities an activity query asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Owners {
    /// These users (at least one; repeats kept as written).
    Xuids(Vec<Xuid>),
    /// A user's social group.
    People(SocialGroup),
}

/// A social group: a moniker and the user whose group it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SocialGroup {
    /// `people`, `favorites` or `friends`, in any case.
    pub moniker: Moniker,
    /// The group's owner.
    pub moniker_xuid: Xuid,
}

checked_string!(
    /// A social group's name: `people`, `favorites` or `friends`, compared
    /// ignoring ASCII case and kept as written.
    ///
    /// ```
    /// assert!("Favorites".parse::<mpsd_handles::model::Moniker>().is_ok());
    /// assert!("everyone".parse::<mpsd_handles::model::Moniker>().is_err());
    /// ```
    Moniker(String) {
        check: crate::rules::query::moniker_str,
        member: "moniker",
        /// The moniker `value`, if it names a social group.
        ///
        /// # Errors
        /// [`UnknownMoniker`](crate::Code::UnknownMoniker) otherwise.
        new,
    }
);

/// A search query: the search handles of one template that match a filter.
///
/// `global` is always `true` (the only value docs/rules.md §8.2 allows), so
/// it is written, not kept.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SearchQuery {
    /// The service configuration id.
    pub scid: Scid,
    /// The session template whose search handles are searched.
    pub template_name: TemplateName,
    /// Which handles match (all of them when absent).
    pub filter: Option<Filter>,
    /// How the results are sorted.
    pub order_by: Option<OrderBy>,
    /// Only sessions with members of this social group.
    pub session_members: Option<SocialGroup>,
}

impl Serialize for SearchQuery {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// `sessionMembers`: `{"people": group}`.
        #[derive(Serialize)]
        struct SessionMembers<'a> {
            people: &'a SocialGroup,
        }
        let mut s = serializer.serialize_struct("SearchQuery", 6)?;
        s.serialize_field("scid", &self.scid)?;
        s.serialize_field("templateName", &self.template_name)?;
        s.serialize_field("global", &true)?;
        if let Some(filter) = &self.filter {
            s.serialize_field("filter", &filter.to_string())?;
        }
        if let Some(order_by) = &self.order_by {
            s.serialize_field("orderBy", &order_by.to_string())?;
        }
        if let Some(people) = &self.session_members {
            s.serialize_field("sessionMembers", &SessionMembers { people })?;
        }
        s.end()
    }
}

impl Serialize for Filter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl Serialize for OrderBy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl ActivityQuery {
    /// The activity handles in `scid` of `owners`.
    #[must_use]
    pub const fn new(scid: Scid, owners: Owners) -> Self {
        Self { scid, owners }
    }
}

impl SocialGroup {
    /// The social group `moniker` of user `moniker_xuid`.
    #[must_use]
    pub const fn new(moniker: Moniker, moniker_xuid: Xuid) -> Self {
        Self {
            moniker,
            moniker_xuid,
        }
    }
}

impl SearchQuery {
    /// The search handles of template `template_name` in `scid`, with no
    /// filter, order or social group (set the fields to add them).
    #[must_use]
    pub const fn new(scid: Scid, template_name: TemplateName) -> Self {
        Self {
            scid,
            template_name,
            filter: None,
            order_by: None,
            session_members: None,
        }
    }
}
