use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `alter_column(..., new_column_name=...)` on an existing table.
    ///
    /// ## Why is this bad?
    /// The running application still reads and writes the old name: from the moment
    /// the migration commits until every instance is redeployed, its queries fail.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.alter_column("users", "name", new_column_name="full_name")
    /// ```
    ///
    /// ## Use instead
    /// Add the new column, write to both, backfill, switch reads, then drop the old
    /// column in a later release (expand / contract).
    ///
    /// ## Fix safety
    /// No fix.
    pub struct RenameColumn {
        code: "SAF014",
        name: "rename-column",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::AlterColumn(a) = &op.kind {
            if let Some(new) = &a.new_column_name {
                if cx.is_existing_table(a.schema.as_deref(), &a.table, op.range) {
                    out.push((op.range, format!("Renaming `{}.{}` to `{new}` breaks the running application, which still uses the old name.", a.table, a.column)));
                }
            }
        }
    });
    for (range, message) in out {
        cx.report(range, message, "Add the new column and migrate in steps (expand / contract), or deploy code that uses both names first.");
    }
}
