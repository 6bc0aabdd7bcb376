use std::collections::HashSet;

use retort_ir::{BodyKind, Column, IndexElement, SqlType, Value};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that what `upgrade()` creates, `downgrade()` removes: a table created
    /// needs a `drop_table`, a column added a `drop_column` (or its table dropped), an
    /// index or named constraint created a drop, and a PostgreSQL enum type created
    /// (by `sa.Enum(..., name=...)` in `create_table` / `add_column`, or `CREATE TYPE`)
    /// a `DROP TYPE`.
    ///
    /// ## Why is this bad?
    /// After `downgrade`, the object is still there, so the next `upgrade` fails with
    /// *already exists*. Enum types are the classic case: `drop_table` does not drop the
    /// type the table's column created.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_table("orders", sa.Column("status", sa.Enum("new", "paid", name="order_status")))
    ///
    /// def downgrade():
    ///     op.drop_table("orders")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def downgrade():
    ///     op.drop_table("orders")
    ///     op.execute("DROP TYPE order_status")
    /// ```
    ///
    /// ## Fix safety
    /// No fix. Not reported when `downgrade()` is missing, empty or raises (other rules
    /// say so), or holds a step Retort cannot follow; SQL in `downgrade()` that drops the
    /// object by name counts as reverting it, and after a `CASCADE` drop in SQL
    /// constraints and indexes are not reported (what it takes with it is unknown).
    pub struct OpNotReverted {
        code: "REV004",
        name: "op-not-reverted",
        group: Reversibility,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

/// The named enum type a column type creates on PostgreSQL.
pub(crate) fn enum_type_name(type_: &SqlType) -> Option<String> {
    if !matches!(type_.name.as_str(), "Enum" | "ENUM") {
        return None;
    }
    if type_.kwarg("native_enum").and_then(|v| v.as_bool()) == Some(false)
        || type_.kwarg("create_type").and_then(|v| v.as_bool()) == Some(false)
    {
        return None;
    }
    type_
        .kwarg("name")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

#[derive(Default)]
struct Reverts {
    tables: HashSet<String>,
    columns: HashSet<(String, String)>,
    indexes: HashSet<String>,
    constraints: HashSet<String>,
    sql: String,
}

fn column_enum(c: &Column) -> Option<String> {
    c.type_.as_ref().and_then(enum_type_name)
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    if file
        .downgrade
        .as_ref()
        .is_none_or(|d| d.body != BodyKind::Ops)
    {
        return;
    }
    let mut reverts = Reverts::default();
    let mut opaque = false;
    visit(&cx.downgrade, &mut |op, _| match &op.kind {
        OpKind::DropTable { table, .. } => {
            reverts.tables.insert(table.clone());
        }
        OpKind::RenameTable { old, .. } => {
            reverts.tables.insert(old.clone());
        }
        OpKind::DropColumn { table, column, .. } => {
            reverts.columns.insert((table.clone(), column.clone()));
        }
        OpKind::DropIndex { name, .. } => {
            reverts.indexes.insert(name.text.clone());
        }
        OpKind::DropConstraint {
            name: Some(name), ..
        } => {
            reverts.constraints.insert(name.text.clone());
        }
        OpKind::Execute { sql } => {
            reverts.sql.push_str(&sql.sql().to_ascii_lowercase());
            reverts.sql.push('\n');
        }
        OpKind::DropType { type_, .. } => {
            // `sa.Enum(name=…).drop(op.get_bind())`.
            if let Some(Value::Str(name)) = type_.kwarg("name") {
                reverts
                    .sql
                    .push_str(&format!("drop type {}\n", name.to_ascii_lowercase()));
            }
        }
        OpKind::Opaque { source, .. } => {
            if source.contains(".drop(") {
                reverts
                    .sql
                    .push_str(&format!("drop type {}\n", source.to_ascii_lowercase()));
            } else {
                opaque = true;
            }
        }
        _ => {}
    });
    if opaque {
        return;
    }
    let pg = cx.postgresql();
    let type_dropped = |name: &str| {
        let name = name.to_ascii_lowercase();
        reverts
            .sql
            .lines()
            .any(|l| l.contains("drop type") && l.contains(&name))
    };
    // Raw SQL in `downgrade()` that drops the object by name reverts it too; a `CASCADE`
    // drop may take constraints and indexes with it, which cannot be told statically.
    let dropped_in_sql = |name: &str| {
        let name = name.to_ascii_lowercase();
        reverts.sql.split(';').any(|statement| {
            statement.contains("drop")
                && statement
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .any(|word| word == name)
        })
    };
    let cascade = reverts.sql.contains("cascade");
    let table_gone = |t: &str| reverts.tables.contains(t) || dropped_in_sql(t);
    let mut out: Vec<(TextRange, String, String)> = Vec::new();
    let mut enums_seen: HashSet<String> = HashSet::new();
    let check_enum = |c: &Column,
                      out: &mut Vec<(TextRange, String, String)>,
                      enums_seen: &mut HashSet<String>| {
        if let Some(name) = column_enum(c) {
            if pg && enums_seen.insert(name.clone()) && !type_dropped(&name) {
                out.push((
                    c.range,
                    format!("The enum type `{name}` created here is never dropped: `drop_table` / `drop_column` leave the type behind, and the next upgrade fails with `type \"{name}\" already exists`."),
                    format!("Add `op.execute(\"DROP TYPE {name}\")` to `downgrade()` after dropping the columns that use it."),
                ));
            }
        }
    };
    visit(&cx.upgrade, &mut |op, _| match &op.kind {
        OpKind::CreateTable { table, columns, .. } => {
            if !table_gone(table) {
                out.push((
                    op.range,
                    format!("`create_table('{table}')` is not reverted: `downgrade()` does not drop the table."),
                    format!("Add `op.drop_table('{table}')` to `downgrade()`."),
                ));
            }
            for c in columns {
                check_enum(c, &mut out, &mut enums_seen);
            }
        }
        // `add_column` creates no enum type (the type must exist already): a type made
        // with `.create(bind)` checks first, so leaving it behind breaks nothing.
        OpKind::AddColumn { table, column, .. }
            if !table_gone(table)
                && !reverts
                    .columns
                    .contains(&(table.clone(), column.name.clone()))
                && !dropped_in_sql(&column.name) =>
        {
            out.push((
                op.range,
                format!("`add_column('{table}', '{}')` is not reverted: `downgrade()` does not drop the column.", column.name),
                format!("Add `op.drop_column('{table}', '{}')` to `downgrade()`.", column.name),
            ));
        }
        OpKind::CreateIndex(index) => {
            let Some(name) = &index.name else { return };
            let column_gone = index.elements.iter().any(|e| {
                matches!(e, IndexElement::Column(c) if reverts.columns.contains(&(index.table.clone(), c.clone())))
            });
            if !reverts.indexes.contains(&name.text)
                && !table_gone(&index.table)
                && !column_gone
                && !dropped_in_sql(&name.text)
                && !cascade
            {
                out.push((
                    op.range,
                    format!("`create_index('{}')` is not reverted: `downgrade()` does not drop the index.", name.text),
                    format!("Add `op.drop_index('{}', table_name='{}')` to `downgrade()`.", name.text, index.table),
                ));
            }
        }
        OpKind::AddConstraint {
            table, constraint, ..
        } => {
            let Some(name) = &constraint.name else { return };
            let column_gone = constraint
                .columns
                .iter()
                .any(|c| reverts.columns.contains(&(table.clone(), c.clone())));
            if !reverts.constraints.contains(&name.text)
                && !table_gone(table)
                && !column_gone
                && !dropped_in_sql(&name.text)
                && !cascade
            {
                out.push((
                    op.range,
                    format!(
                        "`{}('{}')` is not reverted: `downgrade()` does not drop the constraint.",
                        op.method_name(),
                        name.text
                    ),
                    format!(
                        "Add `op.drop_constraint('{}', '{table}')` to `downgrade()`.",
                        name.text
                    ),
                ));
            }
        }
        OpKind::Execute { sql } => {
            let lower = sql.sql().to_ascii_lowercase();
            if pg && lower.trim_start().starts_with("create type") && lower.contains(" as enum") {
                let name = lower
                    .trim_start()
                    .trim_start_matches("create type")
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches('"')
                    .to_owned();
                if !name.is_empty() && enums_seen.insert(name.clone()) && !type_dropped(&name) {
                    out.push((
                        op.range,
                        format!("The enum type `{name}` created here is never dropped in `downgrade()`."),
                        format!("Add `op.execute(\"DROP TYPE {name}\")` to `downgrade()`."),
                    ));
                }
            }
        }
        _ => {}
    });
    for (range, message, help) in out {
        cx.report(range, message, help);
    }
}
