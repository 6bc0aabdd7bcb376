use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `op.drop_column` on an existing table.
    ///
    /// ## Why is this bad?
    /// The data is gone (a downgrade brings the column back empty), and the running
    /// application fails if it still selects or inserts the column: SQLAlchemy models
    /// list every column in their queries.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.drop_column("users", "nickname")
    /// ```
    ///
    /// ## Use instead
    /// Remove the column from the model and deploy first (SQLAlchemy `deferred()` or
    /// dropping the attribute), then drop it in a later migration; suppress this
    /// finding there.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DropColumn {
        code: "SAF016",
        name: "drop-column",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::DropColumn {
            table,
            column,
            schema,
            ..
        } = &op.kind
        {
            if cx.is_existing_table(schema.as_deref(), table, op.range) {
                out.push((op.range, format!("Dropping `{}.{column}` loses its data and breaks the running application if it still uses the column.", table_label(schema.as_deref(), table))));
            }
        }
    });
    for (range, message) in out {
        cx.report(range, message, "Stop using the column in the application and deploy first; then drop it (and suppress this finding).");
    }
}
