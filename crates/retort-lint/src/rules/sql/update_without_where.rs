use sqlparser::ast::Statement;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `UPDATE` statements without a `WHERE` clause in migration SQL.
    ///
    /// ## Why is this bad?
    /// It rewrites every row of the table in one transaction: on a large table that
    /// holds row locks on everything for the whole migration and bloats the table.
    /// Often the `WHERE` was simply forgotten.
    ///
    /// ## Example
    /// ```python
    /// op.execute("UPDATE users SET active = true")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("UPDATE users SET active = true WHERE active IS NULL")
    /// ```
    /// and backfill large tables in batches.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct UpdateWithoutWhere {
        code: "SQL002",
        name: "update-without-where",
        group: Sql,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql() {
        for stmt in &snippet.statements {
            if let Ok(Statement::Update {
                selection: None, ..
            }) = &stmt.parsed
            {
                let (s, e) = stmt.head_span();
                out.push(snippet.source_range(s, e));
            }
        }
    }
    for range in out {
        cx.report(
            range,
            "`UPDATE` without `WHERE` rewrites every row of the table in one transaction.",
            "Add a `WHERE` clause (e.g. `WHERE col IS NULL`), and backfill large tables in batches.",
        );
    }
}
