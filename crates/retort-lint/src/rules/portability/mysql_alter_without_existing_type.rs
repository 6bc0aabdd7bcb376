use super::targets_mysql;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `alter_column` calls that change nullability, the server default or
    /// the name without `type_=` or `existing_type=`, when the migrations target MySQL
    /// or MariaDB.
    ///
    /// ## Why is this bad?
    /// MySQL's `MODIFY` / `CHANGE COLUMN` restates the whole column: Alembic fails
    /// with *All MySQL CHANGE/MODIFY COLUMN operations require the existing type*.
    ///
    /// ## Example
    /// ```python
    /// op.alter_column("users", "email", nullable=False)
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.alter_column("users", "email", nullable=False, existing_type=sa.String(200))
    /// ```
    ///
    /// ## Fix safety
    /// No fix (the type is known only when the catalog knows the column; see the help).
    pub struct MysqlAlterWithoutExistingType {
        code: "POR003",
        name: "mysql-alter-without-existing-type",
        group: Portability,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !targets_mysql(cx) {
        return;
    }
    let mut out = Vec::new();
    for ops in [&cx.upgrade, &cx.downgrade] {
        visit(ops, &mut |op, _| {
            let OpKind::AlterColumn(a) = &op.kind else {
                return;
            };
            let changes = a.nullable.is_some()
                || a.server_default.is_some()
                || a.new_column_name.is_some()
                || a.comment.is_some();
            if changes && a.type_.is_none() && a.existing_type.is_none() {
                let known = cx
                    .catalog
                    .table(a.schema.as_deref(), &a.table)
                    .and_then(|t| t.column(&a.column))
                    .and_then(|c| c.type_.as_ref())
                    .map(retort_catalog::type_repr);
                out.push((op.range, a.table.clone(), a.column.clone(), known));
            }
        });
    }
    for (range, table, column, known) in out {
        cx.report(
            range,
            format!("`alter_column('{table}', '{column}')` without `existing_type=`: MySQL restates the whole column, and Alembic fails without its type."),
            match known {
                Some(t) => format!("Add `existing_type={t}` (the type the earlier revisions gave the column)."),
                None => "Add `existing_type=` with the column's current type.".to_owned(),
            },
        );
    }
}
