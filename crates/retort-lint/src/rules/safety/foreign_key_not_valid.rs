use retort_ir::ConstraintKind;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for foreign keys added to an existing table without
    /// `postgresql_not_valid=True` (or `NOT VALID` in `op.execute`), on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// Adding a foreign key scans the whole table to validate it, holding a `SHARE ROW
    /// EXCLUSIVE` lock on both tables: writes to either wait for the scan. Adding it
    /// `NOT VALID` is instant; `VALIDATE CONSTRAINT` afterwards checks existing rows
    /// under a lock that lets writes through.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_foreign_key("fk_posts_user", "posts", "users", ["user_id"], ["id"])
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.create_foreign_key(
    ///         "fk_posts_user", "posts", "users", ["user_id"], ["id"], postgresql_not_valid=True
    ///     )
    ///     op.execute("ALTER TABLE posts VALIDATE CONSTRAINT fk_posts_user")
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `postgresql_not_valid=True`; unsafe, since the constraint then
    /// needs a `VALIDATE CONSTRAINT` (ideally in a later revision).
    pub struct ForeignKeyNotValid {
        code: "SAF004",
        name: "foreign-key-not-valid",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    not_valid(cx, ConstraintKind::ForeignKey, "FOREIGN KEY", "foreign key");
}

/// Shared by `foreign-key-not-valid` and `check-not-valid`.
pub(crate) fn not_valid(cx: &mut Checker<'_>, kind: ConstraintKind, sql_kind: &str, label: &str) {
    if !cx.postgresql() {
        return;
    }
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::AddConstraint {
            table,
            schema,
            constraint,
        } = &op.kind
        {
            if constraint.kind == kind
                && !kwarg_true(&constraint.kwargs, "postgresql_not_valid")
                && cx.is_existing_table(schema.as_deref(), table, op.range)
            {
                out.push((op.range, table.clone(), true));
            }
        }
    });
    for snippet in cx.sql().iter().filter(|s| !s.in_downgrade) {
        for stmt in &snippet.statements {
            let text = snippet
                .sql
                .get(stmt.start..stmt.end)
                .unwrap_or("")
                .to_ascii_uppercase();
            let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if squashed.starts_with("ALTER TABLE")
                && squashed.contains(" ADD ")
                && squashed.contains(sql_kind)
                && !squashed.contains("NOT VALID")
            {
                let table = match &stmt.parsed {
                    Ok(s) => super::statement_table(s).unwrap_or_default(),
                    Err(_) => String::new(),
                };
                if cx.is_existing_table(None, &table, snippet.op_range) {
                    let (s, e) = stmt.head_span();
                    out.push((snippet.source_range(s, e), table, false));
                }
            }
        }
    }
    for (range, table, is_op) in out {
        let fix = if is_op {
            add_keyword_fix(
                cx,
                range,
                "postgresql_not_valid=True",
                "Add `postgresql_not_valid=True`",
            )
        } else {
            None
        };
        cx.report_fix(
            range,
            format!("Adding a {label} to the existing table `{table}` validates every row while holding a lock that blocks writes."),
            "Add it with `postgresql_not_valid=True`, then `ALTER TABLE … VALIDATE CONSTRAINT …` (in a later revision).",
            fix,
        );
    }
}
