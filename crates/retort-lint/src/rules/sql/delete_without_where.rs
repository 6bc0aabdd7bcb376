use sqlparser::ast::Statement;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `DELETE` statements without a `WHERE` clause in migration SQL.
    ///
    /// ## Why is this bad?
    /// It deletes every row, irreversibly (a downgrade cannot bring the data back).
    /// If emptying the table is the intent, say so explicitly.
    ///
    /// ## Example
    /// ```python
    /// op.execute("DELETE FROM sessions")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("DELETE FROM sessions WHERE expires_at < now()")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DeleteWithoutWhere {
        code: "SQL003",
        name: "delete-without-where",
        group: Sql,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text) {
        for stmt in &snippet.statements {
            if let Ok(Statement::Delete(d)) = &stmt.parsed {
                if d.selection.is_none() {
                    let (s, e) = stmt.head_span();
                    out.push(snippet.source_range(s, e));
                }
            }
        }
    }
    for range in out {
        cx.report(
            range,
            "`DELETE` without `WHERE` deletes every row of the table; a downgrade cannot bring them back.",
            "Add a `WHERE` clause, or suppress this finding if emptying the table is intended.",
        );
    }
}
