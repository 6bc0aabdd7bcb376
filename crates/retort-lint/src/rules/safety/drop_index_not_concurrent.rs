use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `op.drop_index` on an existing table without
    /// `postgresql_concurrently=True`, on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// `DROP INDEX` takes an `ACCESS EXCLUSIVE` lock on the table: reads and writes
    /// queue behind it, and behind any long query it waits for. `DROP INDEX
    /// CONCURRENTLY` avoids the lock.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.drop_index("ix_users_email", table_name="users")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.get_context().autocommit_block():
    ///         op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `postgresql_concurrently=True`; unsafe, since the drop must also
    /// move into an `autocommit_block()`.
    pub struct DropIndexNotConcurrent {
        code: "SAF003",
        name: "drop-index-not-concurrent",
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
        if let OpKind::DropIndex {
            name,
            table,
            schema,
            concurrently: false,
            ..
        } = &op.kind
        {
            let existing = match table {
                Some(t) => cx.is_existing_table(schema.as_deref(), t, op.range),
                None => true,
            };
            if existing {
                out.push((op.range, name.text.clone()));
            }
        }
    });
    for (range, name) in out {
        let fix = add_keyword_fix(
            cx,
            range,
            "postgresql_concurrently=True",
            "Add `postgresql_concurrently=True`",
        );
        cx.report_fix(
            range,
            format!("Dropping the index `{name}` without CONCURRENTLY locks its table against reads and writes."),
            "Use `postgresql_concurrently=True` inside `with op.get_context().autocommit_block():`.",
            fix,
        );
    }
}
