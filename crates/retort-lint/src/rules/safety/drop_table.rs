use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `op.drop_table` of a table this revision did not create.
    ///
    /// ## Why is this bad?
    /// The data is gone for good (a downgrade recreates the table empty), and the
    /// running application fails if it still queries the table.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.drop_table("legacy_sessions")
    /// ```
    ///
    /// ## Use instead
    /// Stop using the table and deploy first, back it up if needed, then drop it in a
    /// later migration and suppress this finding there.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DropTable {
        code: "SAF017",
        name: "drop-table",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::DropTable { table, schema, .. } = &op.kind {
            if cx.is_existing_table(schema.as_deref(), table, op.range) {
                out.push((op.range, format!("Dropping the table `{}` loses its data and breaks the running application if it still uses the table.", table_label(schema.as_deref(), table))));
            }
        }
    });
    for (range, message) in out {
        cx.report(
            range,
            message,
            "Stop using the table and deploy first; then drop it (and suppress this finding).",
        );
    }
}
