use sqlparser::ast::Statement;

use super::object_table;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for indexes created on an existing table without
    /// `postgresql_concurrently=True` (or `CREATE INDEX` without `CONCURRENTLY` in
    /// `op.execute`), on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// `CREATE INDEX` takes a `SHARE` lock: every `INSERT`, `UPDATE` and `DELETE` on
    /// the table waits until the whole index is built, which on a large table is
    /// minutes of downtime. `CREATE INDEX CONCURRENTLY` builds it without blocking
    /// writes. Indexes on a table created in the same revision are fine.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_index("ix_users_email", "users", ["email"])
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.get_context().autocommit_block():
    ///         op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `postgresql_concurrently=True`; it is unsafe because the index must
    /// also move into an `autocommit_block()` (see `concurrent-outside-autocommit`), and
    /// a failed concurrent build leaves an invalid index to drop by hand.
    pub struct IndexNotConcurrent {
        code: "SAF001",
        name: "index-not-concurrent",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::CreateIndex(index) = &op.kind {
            if !index.concurrently && cx.is_existing_table(None, &index.table, op.range) {
                out.push((op.range, index.table.clone(), true));
            }
        }
    });
    for snippet in cx.sql().iter().filter(|s| !s.in_downgrade) {
        for stmt in &snippet.statements {
            if let Ok(Statement::CreateIndex(ci)) = &stmt.parsed {
                let table = object_table(&ci.table_name);
                if !ci.concurrently && cx.is_existing_table(None, &table, snippet.op_range) {
                    let (s, e) = stmt.head_span();
                    out.push((snippet.source_range(s, e), table, false));
                }
            }
        }
    }
    for (range, table, is_op) in out {
        let fix = if is_op {
            add_keyword_fix(
                cx,
                range,
                "postgresql_concurrently=True",
                "Add `postgresql_concurrently=True`",
            )
        } else {
            None
        };
        cx.report_fix(
            range,
            format!("Creating an index on the existing table `{table}` without CONCURRENTLY blocks every write to it until the index is built."),
            "Use `postgresql_concurrently=True` inside `with op.get_context().autocommit_block():`.",
            fix,
        );
    }
}
