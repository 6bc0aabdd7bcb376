use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `alter_column(..., nullable=False)` on an existing column that may
    /// hold NULLs, on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// `SET NOT NULL` scans the whole table under an `ACCESS EXCLUSIVE` lock. It fails
    /// if a row is NULL, and blocks every query while it checks. From PostgreSQL 12, a
    /// validated `CHECK (col IS NOT NULL)` constraint lets `SET NOT NULL` skip the scan.
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
    ///     op.create_check_constraint(
    ///         "ck_users_email_not_null", "users", "email IS NOT NULL", postgresql_not_valid=True
    ///     )
    ///     op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_email_not_null")
    ///     op.alter_column("users", "email", nullable=False)
    ///     op.drop_constraint("ck_users_email_not_null", "users", type_="check")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct SetNotNull {
        code: "SAF007",
        name: "set-not-null",
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
    let mut checks: Vec<String> = Vec::new();
    visit(&cx.upgrade, &mut |op, _| match &op.kind {
        OpKind::AddConstraint { constraint, .. } => {
            if let Some(sql) = &constraint.sqltext {
                checks.push(sql.to_ascii_lowercase());
            }
        }
        OpKind::Execute { sql } => checks.push(sql.sql().to_ascii_lowercase()),
        OpKind::AlterColumn(a) if a.nullable == Some(false) => {
            if !cx.is_existing_table(a.schema.as_deref(), &a.table, op.range) {
                return;
            }
            let known = cx
                .catalog
                .table(a.schema.as_deref(), &a.table)
                .and_then(|t| t.column(&a.column))
                .map(|c| c.nullable);
            if known == Some(false) || (known.is_none() && a.existing_nullable == Some(false)) {
                return;
            }
            let column = a.column.to_ascii_lowercase();
            let prepared = cx.settings.postgres_version >= 12
                && checks
                    .iter()
                    .any(|c| c.contains(&column) && c.contains("is not null"));
            if !prepared {
                out.push((op.range, a.table.clone(), a.column.clone()));
            }
        }
        _ => {}
    });
    for (range, table, column) in out {
        cx.report(
            range,
            format!("`SET NOT NULL` on `{table}.{column}` scans the whole table while blocking reads and writes, and fails if a row is NULL."),
            if cx.settings.postgres_version >= 12 {
                "Backfill, add a `CHECK (column IS NOT NULL)` constraint NOT VALID and validate it, then set NOT NULL (PostgreSQL 12+ skips the scan)."
            } else {
                "Backfill first; on PostgreSQL before 12 prefer a validated CHECK constraint over SET NOT NULL."
            },
        );
    }
}
