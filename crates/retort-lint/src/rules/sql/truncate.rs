use sqlparser::ast::Statement;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `TRUNCATE` in migration SQL.
    ///
    /// ## Why is this bad?
    /// It deletes every row irreversibly and takes an `ACCESS EXCLUSIVE` lock; with
    /// `CASCADE` it empties every table that refers to this one as well.
    ///
    /// ## Example
    /// ```python
    /// op.execute("TRUNCATE sessions")
    /// ```
    ///
    /// ## Use instead
    /// Delete what must go with a `WHERE`, or drop and recreate a table whose data
    /// really is disposable, and suppress the finding there.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct Truncate {
        code: "SQL005",
        name: "truncate",
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
            if let Ok(Statement::Truncate { .. }) = &stmt.parsed {
                let (s, e) = stmt.head_span();
                out.push(snippet.source_range(s, e));
            }
        }
    }
    for range in out {
        cx.report(
            range,
            "`TRUNCATE` deletes every row irreversibly under an exclusive lock.",
            "Delete with a `WHERE` clause, or suppress this finding if the data is disposable.",
        );
    }
}
