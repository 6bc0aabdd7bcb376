use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `add_column` of a NOT NULL column without a `server_default` on an
    /// existing table.
    ///
    /// ## Why is this bad?
    /// Every database rejects it as soon as the table has a row: *column "x" contains
    /// null values* (`default=` is client-side only and does not help). It passes on
    /// an empty development database and fails in production.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("active", sa.Boolean(), nullable=False))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.add_column(
    ///         "users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
    ///     )
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the right default is the author's decision.
    pub struct AddNotNullWithoutDefault {
        code: "SAF008",
        name: "add-not-null-without-default",
        group: Safety,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::AddColumn {
            table,
            schema,
            column,
            ..
        } = &op.kind
        {
            let filled = column.server_default.is_some()
                || column.identity.is_some()
                || column.computed.is_some();
            let serial = column
                .type_
                .as_ref()
                .is_some_and(|t| t.name.to_ascii_uppercase().ends_with("SERIAL"));
            if !column.is_nullable()
                && !filled
                && !serial
                && cx.is_existing_table(schema.as_deref(), table, op.range)
            {
                out.push((column.range, table.clone(), column.name.clone()));
            }
        }
    });
    for (range, table, column) in out {
        cx.report(
            range,
            format!("Adding the NOT NULL column `{table}.{column}` without a server default fails as soon as `{table}` has a row (`default=` is client-side only)."),
            "Add a `server_default=`, or add the column nullable, backfill it, then set it NOT NULL.",
        );
    }
}
