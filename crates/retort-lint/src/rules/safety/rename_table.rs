use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `op.rename_table` of an existing table.
    ///
    /// ## Why is this bad?
    /// The running application still queries the old name: its queries fail until
    /// every instance is redeployed.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.rename_table("user", "users")
    /// ```
    ///
    /// ## Use instead
    /// Create the new table (or a view with the old name over it), migrate the code,
    /// then drop the old name in a later release.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct RenameTable {
        code: "SAF015",
        name: "rename-table",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::RenameTable { old, new, schema } = &op.kind {
            if cx.is_existing_table(schema.as_deref(), old, op.range) {
                out.push((op.range, format!("Renaming the table `{}` to `{new}` breaks the running application, which still uses the old name.", table_label(schema.as_deref(), old))));
            }
        }
    });
    for (range, message) in out {
        cx.report(range, message, "Keep the old name working (a view), deploy code that uses the new name, then drop the old one.");
    }
}
