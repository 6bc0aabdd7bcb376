use sqlparser::ast::{AlterTableOperation, ObjectType, Statement};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for DDL in `op.execute(...)` that an `op.*` operation expresses: `CREATE
    /// TABLE`, `DROP TABLE`, `CREATE INDEX`, `DROP INDEX`, and `ALTER TABLE` adding,
    /// dropping, renaming or altering columns.
    ///
    /// ## Why is this bad?
    /// Raw SQL is written for one database, is invisible to tools that read the
    /// operations (autogenerate comparisons, Retort's own schema tracking, batch mode
    /// on SQLite), and has to be reverted by hand in the same dialect.
    ///
    /// ## Example
    /// ```python
    /// op.execute("ALTER TABLE users ADD COLUMN age INTEGER")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct PreferOpOverRawDdl {
        code: "HYG006",
        name: "prefer-op-over-raw-ddl",
        group: Hygiene,
        severity: Info,
        opt_in: false,
        fix: None,
    }
}

fn op_for(stmt: &Statement) -> Option<&'static str> {
    match stmt {
        Statement::CreateTable(_) => Some("op.create_table()"),
        Statement::CreateIndex(_) => Some("op.create_index()"),
        Statement::Drop {
            object_type: ObjectType::Table,
            ..
        } => Some("op.drop_table()"),
        Statement::Drop {
            object_type: ObjectType::Index,
            ..
        } => Some("op.drop_index()"),
        Statement::AlterTable { operations, .. } => operations.iter().find_map(|o| match o {
            AlterTableOperation::AddColumn { .. } => Some("op.add_column()"),
            AlterTableOperation::DropColumn { .. } => Some("op.drop_column()"),
            AlterTableOperation::RenameColumn { .. } | AlterTableOperation::AlterColumn { .. } => {
                Some("op.alter_column()")
            }
            AlterTableOperation::RenameTable { .. } => Some("op.rename_table()"),
            _ => None,
        }),
        _ => None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text) {
        for stmt in &snippet.statements {
            let Ok(parsed) = &stmt.parsed else { continue };
            // CONCURRENTLY and other options op.* spells differently are still op-able.
            if let Some(op) = op_for(parsed) {
                let (s, e) = stmt.head_span();
                out.push((snippet.source_range(s, e), op));
            }
        }
    }
    for (range, op) in out {
        cx.report(
            range,
            format!("This DDL has an Alembic operation: `{op}` works on every database and is visible to autogenerate and batch mode."),
            format!("Use `{op}` instead of raw SQL."),
        );
    }
}
