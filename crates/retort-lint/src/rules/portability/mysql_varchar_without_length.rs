use retort_ir::Column;

use super::targets_mysql;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `sa.String()` / `sa.VARCHAR()` without a length in `create_table`,
    /// `add_column` and `alter_column`, when the migrations target MySQL or MariaDB
    /// (the configured dialect, or `mysql_*` options in the file).
    ///
    /// ## Why is this bad?
    /// MySQL has no unbounded `VARCHAR`: SQLAlchemy refuses to render it (*VARCHAR
    /// requires a length on dialect mysql*). It works on PostgreSQL and SQLite, so it
    /// slips through.
    ///
    /// ## Example
    /// ```python
    /// op.add_column("users", sa.Column("name", sa.String()))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.add_column("users", sa.Column("name", sa.String(255)))
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the length is the author's decision.
    pub struct MysqlVarcharWithoutLength {
        code: "POR002",
        name: "mysql-varchar-without-length",
        group: Portability,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

fn unbounded(t: &retort_ir::SqlType) -> bool {
    matches!(
        t.name.as_str(),
        "String" | "VARCHAR" | "Unicode" | "NVARCHAR"
    ) && t.arg(0, "length").is_none()
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !targets_mysql(cx) {
        return;
    }
    let mut out = Vec::new();
    let column = |c: &Column, out: &mut Vec<(TextRange, String)>| {
        if c.type_.as_ref().is_some_and(unbounded) {
            out.push((c.range, c.name.clone()));
        }
    };
    visit(&cx.upgrade, &mut |op, _| match &op.kind {
        OpKind::CreateTable { columns, .. } => columns.iter().for_each(|c| column(c, &mut out)),
        OpKind::AddColumn { column: c, .. } => column(c, &mut out),
        OpKind::AlterColumn(a) if a.type_.as_ref().is_some_and(unbounded) => {
            out.push((op.range, a.column.clone()))
        }
        _ => {}
    });
    for (range, name) in out {
        cx.report(
            range,
            format!("`{name}` is a VARCHAR without a length: MySQL requires one, and SQLAlchemy refuses to render it."),
            "Give the type a length, e.g. `sa.String(255)`, or use `sa.Text()`.",
        );
    }
}
