use retort_ir::ConstraintKind;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a primary key, `SERIAL` or identity column added to an existing
    /// table, and for `create_primary_key` on an existing table, on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// A serial or identity column is filled for every row: the table is rewritten
    /// under an `ACCESS EXCLUSIVE` lock. Adding a primary key builds its unique index
    /// under the same lock.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("events", sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True))
    /// ```
    ///
    /// ## Use instead
    /// Add a nullable column, backfill it in batches from a sequence, build a unique
    /// index CONCURRENTLY, then `ADD CONSTRAINT … PRIMARY KEY USING INDEX …`.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct AddSerialPrimaryKey {
        code: "SAF011",
        name: "add-serial-primary-key",
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
    visit(&cx.upgrade, &mut |op, _| match &op.kind {
        OpKind::AddColumn {
            table,
            schema,
            column,
            ..
        } => {
            let serial = column
                .type_
                .as_ref()
                .is_some_and(|t| t.name.to_ascii_uppercase().ends_with("SERIAL"));
            if (column.primary_key || serial || column.identity.is_some())
                && cx.is_existing_table(schema.as_deref(), table, op.range)
            {
                out.push((column.range, format!("Adding the {} column `{table}.{}` fills every row: PostgreSQL rewrites the table under an exclusive lock.", if column.primary_key { "primary key" } else { "serial / identity" }, column.name)));
            }
        }
        OpKind::AddConstraint {
            table,
            schema,
            constraint,
        } if constraint.kind == ConstraintKind::PrimaryKey
            && cx.is_existing_table(schema.as_deref(), table, op.range) =>
        {
            out.push((op.range, format!("Adding a primary key to the existing table `{table}` builds its index under a lock that blocks reads and writes.")));
        }
        _ => {}
    });
    for (range, message) in out {
        cx.report(
            range,
            message,
            "Backfill a nullable column in batches, build a unique index CONCURRENTLY, then `ADD CONSTRAINT … PRIMARY KEY USING INDEX`.",
        );
    }
}
