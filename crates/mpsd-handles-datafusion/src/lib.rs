//! The [`mpsd_handles`] validator as DataFusion scalar functions, for SQL
//! over captured Xbox Live MPSD request bodies (Parquet, CSV, JSON lines,
//! any table whose column of bodies is a string or binary type).
//!
//! | function | answer |
//! |---|---|
//! | `mpsd_validate(body)` | `struct<valid: boolean, kind: utf8, errors: list<struct<pointer, code, message>>>` |
//! | `mpsd_is_valid(body)` | `boolean` |
//! | `mpsd_kind(body)` | `utf8`: the handle type of a valid body, null for an invalid one |
//! | `mpsd_validate_query(body)`, `mpsd_is_valid_query(body)`, `mpsd_query_kind(body)` | the same for `POST /handles/query` bodies |
//!
//! A null body gives a null answer. The verdicts, kinds, pointers, codes
//! and messages are the library's ([`mpsd_handles::arrow`]); a valid row
//! costs the library's verdict pass alone.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::error::Result<()> {
//! use datafusion::prelude::SessionContext;
//! use mpsd_handles::Validator;
//!
//! let ctx = SessionContext::new();
//! mpsd_handles_datafusion::register(&ctx, Validator::new());
//! let batches = ctx
//!     .sql(r#"SELECT mpsd_is_valid('{"version": 2}') AS ok, mpsd_kind(NULL) AS kind"#)
//!     .await?
//!     .collect()
//!     .await?;
//! let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)?.to_string();
//! assert!(text.contains("| false |"), "{text}");
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue, exec_err, plan_err};
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::{
    ColumnarValue, DocSection, Documentation, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl,
    Signature, Volatility,
};
use mpsd_handles::Validator;
use mpsd_handles::arrow as columns;

/// "What would the validator have refused, by rule?": violations counted
/// by code, most frequent first, over a table `bodies` with a column
/// `body` of `POST /handles` bodies.
///
/// ```sql
/// SELECT v['code'] AS code, count(*) AS violations
/// FROM (SELECT unnest(mpsd_validate(body)['errors']) AS v FROM bodies)
/// GROUP BY v['code']
/// ORDER BY violations DESC, code
/// ```
pub const VIOLATIONS_BY_CODE: &str = "SELECT v['code'] AS code, count(*) AS violations \
FROM (SELECT unnest(mpsd_validate(body)['errors']) AS v FROM bodies) \
GROUP BY v['code'] \
ORDER BY violations DESC, code";

/// Registers the six functions in `ctx`, each judging bodies with
/// `validator`'s limits.
pub fn register(ctx: &SessionContext, validator: Validator) {
    for f in functions(validator) {
        ctx.register_udf(f);
    }
}

/// The six functions, for a caller that registers them itself (a
/// `SessionState` builder, a function registry).
#[must_use]
pub fn functions(validator: Validator) -> Vec<ScalarUDF> {
    [Route::Handles, Route::Queries]
        .into_iter()
        .flat_map(|route| {
            [Answer::Validate, Answer::IsValid, Answer::Kind]
                .map(|answer| ScalarUDF::new_from_impl(Mpsd::new(route, answer, validator)))
        })
        .collect()
}

/// The SQL name of a function.
fn name(route: Route, answer: Answer) -> &'static str {
    match (route, answer) {
        (Route::Handles, Answer::Validate) => "mpsd_validate",
        (Route::Handles, Answer::IsValid) => "mpsd_is_valid",
        (Route::Handles, Answer::Kind) => "mpsd_kind",
        (Route::Queries, Answer::Validate) => "mpsd_validate_query",
        (Route::Queries, Answer::IsValid) => "mpsd_is_valid_query",
        (Route::Queries, Answer::Kind) => "mpsd_query_kind",
    }
}

/// Which request the column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Route {
    Handles,
    Queries,
}

/// What the function answers for a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Answer {
    Validate,
    IsValid,
    Kind,
}

/// One of the six functions.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Mpsd {
    route: Route,
    answer: Answer,
    validator: Validator,
    signature: Signature,
    documentation: Documentation,
}

impl Mpsd {
    fn new(route: Route, answer: Answer, validator: Validator) -> Self {
        let request = match route {
            Route::Handles => "a `POST /handles` body",
            Route::Queries => "a `POST /handles/query` body",
        };
        let description = match answer {
            Answer::Validate => format!(
                "Validates {request}: a struct of `valid`, `kind` (null when invalid) and `errors` (a list of `{{pointer, code, message}}`, empty when valid); null for a null body."
            ),
            Answer::IsValid => {
                format!("Whether {request} is valid; null for a null body.")
            }
            Answer::Kind => format!(
                "The type of {request} (`activity`, `invite`, ...) when valid, null when invalid or null."
            ),
        };
        let name = name(route, answer);
        let documentation = Documentation::builder(
            DocSection {
                include: true,
                label: "MPSD Functions",
                description: Some("mpsd-handles: validation of Xbox Live MPSD request bodies"),
            },
            description,
            format!("{name}(body)"),
        )
        .with_argument("body", "The body: a string or binary expression.")
        .build();
        Self {
            route,
            answer,
            validator,
            // Any string or binary type, dictionaries of them included, is
            // taken as it is (`coerce_types`): a cast to a string type
            // would check UTF-8 and fail the whole query on one row that
            // is not (Parquet binary arrives as `BinaryView`).
            signature: Signature::user_defined(Volatility::Immutable),
            documentation,
        }
    }

    /// The answer for a column of bodies.
    fn column(&self, bodies: &dyn Array) -> Result<ArrayRef> {
        let v = &self.validator;
        Ok(match (self.route, self.answer) {
            (Route::Handles, Answer::Validate) => Arc::new(columns::validate_array(v, bodies)?),
            (Route::Handles, Answer::IsValid) => Arc::new(columns::is_valid_array(v, bodies)?),
            (Route::Handles, Answer::Kind) => Arc::new(columns::kind_array(v, bodies)?),
            (Route::Queries, Answer::Validate) => {
                Arc::new(columns::validate_query_array(v, bodies)?)
            }
            (Route::Queries, Answer::IsValid) => {
                Arc::new(columns::is_valid_query_array(v, bodies)?)
            }
            (Route::Queries, Answer::Kind) => Arc::new(columns::query_kind_array(v, bodies)?),
        })
    }
}

impl ScalarUDFImpl for Mpsd {
    fn name(&self) -> &str {
        name(self.route, self.answer)
    }

    fn documentation(&self) -> Option<&Documentation> {
        Some(&self.documentation)
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    /// A column of bodies as it is (no cast: a cast to a string type would
    /// fail the query on a row that is not UTF-8, which is judged instead);
    /// a NULL literal as `Utf8`; any other type refused at planning.
    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [DataType::Null] => Ok(vec![DataType::Utf8]),
            [body] if columns::is_body_type(body) => Ok(vec![body.clone()]),
            [other] => plan_err!(
                "{}(body) takes a string or binary body (or a dictionary of one), not {other}",
                self.name()
            ),
            _ => plan_err!("{}(body) takes one argument, the body", self.name()),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.answer {
            Answer::Validate => DataType::Struct(columns::result_fields()),
            Answer::IsValid => DataType::Boolean,
            Answer::Kind => DataType::Utf8,
        })
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [body] = args.args.as_slice() else {
            return exec_err!("{} takes one argument, the body", self.name());
        };
        match body {
            ColumnarValue::Array(bodies) => Ok(ColumnarValue::Array(self.column(bodies)?)),
            ColumnarValue::Scalar(body) => {
                let answer = self.column(&body.to_array_of_size(1)?)?;
                Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
                    &answer, 0,
                )?))
            }
        }
    }
}
