use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Lists the steps of `upgrade()` and `downgrade()` that Retort cannot evaluate
    /// statically (a loop over rows read from the database, a call into the
    /// application), with the reason.
    ///
    /// ## Why is this bad?
    /// It is not wrong in itself, but nothing after such a step is checked as precisely:
    /// the schema Retort tracks may differ from the real one. Opt in to review them.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     for row in op.get_bind().execute(sa.text("SELECT id FROM users")):
    ///         ...
    /// ```
    ///
    /// ## Use instead
    /// Keep data migrations in SQL where possible (`op.execute("UPDATE …")`), which Retort
    /// can read.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct OpaqueStep {
        code: "RT005",
        name: "opaque-step",
        group: Retort,
        severity: Info,
        opt_in: true,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut found = Vec::new();
    for ops in [&cx.upgrade, &cx.downgrade] {
        visit(ops, &mut |op, _| {
            if let OpKind::Opaque { reason, .. } = &op.kind {
                found.push((op.range, reason.clone()));
            }
        });
    }
    for (range, reason) in found {
        cx.report(
            range,
            format!("Retort cannot follow this step statically: {reason}."),
            "Checks after this step assume the schema Retort could follow.",
        );
    }
}
