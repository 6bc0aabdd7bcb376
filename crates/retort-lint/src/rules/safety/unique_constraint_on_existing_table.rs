use retort_ir::ConstraintKind;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for unique constraints added to an existing table, on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// `ADD CONSTRAINT … UNIQUE` builds a unique index under an `ACCESS EXCLUSIVE`
    /// lock: the table is unreadable and unwritable until it is done.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_unique_constraint("uq_users_email", "users", ["email"])
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.get_context().autocommit_block():
    ///         op.create_index("uq_users_email", "users", ["email"], unique=True, postgresql_concurrently=True)
    ///     op.execute("ALTER TABLE users ADD CONSTRAINT uq_users_email UNIQUE USING INDEX uq_users_email")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct UniqueConstraintOnExistingTable {
        code: "SAF006",
        name: "unique-constraint-on-existing-table",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::AddConstraint {
            table,
            schema,
            constraint,
        } = &op.kind
        {
            if constraint.kind == ConstraintKind::Unique
                && cx.is_existing_table(schema.as_deref(), table, op.range)
            {
                out.push((op.range, table.clone()));
            }
        }
    });
    for (range, table) in out {
        cx.report(
            range,
            format!("Adding a unique constraint to the existing table `{table}` builds its index under a lock that blocks reads and writes."),
            "Build a unique index CONCURRENTLY first, then `ADD CONSTRAINT … UNIQUE USING INDEX …`.",
        );
    }
}
