use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for operations SQLite's `ALTER TABLE` cannot do, written outside
    /// `with op.batch_alter_table(...)`: changing a column's type, nullability or
    /// default, and adding or dropping constraints. Runs when the dialect is `sqlite`,
    /// or when the file already uses batch mode (so it is meant to run on SQLite).
    ///
    /// ## Why is this bad?
    /// Alembic raises on SQLite (*No support for ALTER of constraints in SQLite
    /// dialect. Please refer to the batch mode feature…*). Batch mode recreates the
    /// table with the change instead.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.alter_column("users", "email", nullable=False)
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.batch_alter_table("users") as batch_op:
    ///         batch_op.alter_column("email", nullable=False)
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct SqliteAlterOutsideBatch {
        code: "POR001",
        name: "sqlite-alter-outside-batch",
        group: Portability,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut uses_batch = false;
    visit(&cx.upgrade, &mut |op, _| {
        uses_batch |= matches!(op.kind, OpKind::Batch { .. })
    });
    if !cx.settings.is_sqlite() && !uses_batch {
        return;
    }
    // What runs on SQLite: the branches of dialect conditionals taken there (code
    // written for another database is not run on SQLite).
    fn on_sqlite(f: &Option<retort_ir::MigrationFn>) -> std::borrow::Cow<'_, [Op]> {
        match f {
            Some(f) => Op::resolve_borrowed(&f.ops, "sqlite", false),
            None => std::borrow::Cow::Borrowed(&[][..]),
        }
    }
    let (upgrade, downgrade) = if cx.settings.is_sqlite() {
        (cx.upgrade.clone(), cx.downgrade.clone())
    } else {
        (on_sqlite(&cx.file.upgrade), on_sqlite(&cx.file.downgrade))
    };
    let mut out = Vec::new();
    for ops in [&upgrade, &downgrade] {
        visit(ops, &mut |op, scope| {
            if scope.batch.is_some() {
                return;
            }
            let what = match &op.kind {
                OpKind::AlterColumn(a)
                    if a.type_.is_some() || a.nullable.is_some() || a.server_default.is_some() =>
                {
                    Some(format!("`alter_column('{}', '{}')`", a.table, a.column))
                }
                OpKind::AddConstraint { table, .. } => {
                    Some(format!("`{}` on `{table}`", op.method_name()))
                }
                OpKind::DropConstraint { table, .. } => {
                    Some(format!("`drop_constraint` on `{table}`"))
                }
                _ => None,
            };
            if let Some(what) = what {
                out.push((op.range, what));
            }
        });
    }
    for (range, what) in out {
        cx.report(
            range,
            format!("{what} cannot run on SQLite outside batch mode: SQLite's ALTER TABLE cannot change columns or constraints."),
            "Wrap it in `with op.batch_alter_table(\"table\") as batch_op:` and call it on `batch_op`.",
        );
    }
}
