//! Every rule, one module per rule, grouped as the registry groups them. Each module
//! holds the rule's struct (its doc comment is the rule's documentation) and its
//! `check` function.

pub mod history;
pub mod hygiene;
pub mod portability;
pub mod retort;
pub mod reversibility;
pub mod safety;
pub mod sql;

/// What rule modules use.
pub(crate) mod prelude {
    pub(crate) use crate::checker::{visit, Checker};
    pub(crate) use crate::finding::{Edit, Fix};
    pub(crate) use crate::registry::declare_rule;
    pub(crate) use retort_ir::{Op, OpKind, TextRange};

    pub(crate) use super::{add_keyword_fix, kwarg_true, table_label};
}

use retort_ir::{TextRange, Value};

use crate::checker::Checker;
use crate::finding::{Edit, Fix};

/// `schema.table` or `table`, for messages.
pub(crate) fn table_label(schema: Option<&str>, table: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.to_owned(),
    }
}

/// Whether a keyword argument list sets `name=True`.
pub(crate) fn kwarg_true(kwargs: &[(String, Value)], name: &str) -> bool {
    kwargs
        .iter()
        .any(|(k, v)| k == name && v.as_bool() == Some(true))
}

/// An unsafe fix adding `keyword` (e.g. `postgresql_concurrently=True`) to the call at
/// `call`, before its closing parenthesis; `None` when the call text is not a plain call.
pub(crate) fn add_keyword_fix(
    cx: &Checker<'_>,
    call: TextRange,
    keyword: &str,
    title: &str,
) -> Option<Fix> {
    let text = cx.text(call);
    if !text.ends_with(')') {
        return None;
    }
    let inner = &text[..text.len() - 1];
    let trimmed = inner.trim_end();
    let last = trimmed.chars().last()?;
    let edit = match last {
        '(' => Edit::insert(call.start + trimmed.len() as u32, keyword.to_owned()),
        ',' => {
            let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
            let indent: String = trimmed[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let multiline = inner[trimmed.len()..].contains('\n');
            let text = if multiline && line_start > 0 {
                format!("\n{indent}{keyword},")
            } else {
                format!(" {keyword},")
            };
            Edit::insert(call.start + trimmed.len() as u32, text)
        }
        _ => Edit::insert(call.start + trimmed.len() as u32, format!(", {keyword}")),
    };
    Some(Fix::unsafe_(title, vec![edit]))
}
