use retort_ir::{SqlType, Value};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `alter_column(..., type_=...)` on an existing table, on PostgreSQL,
    /// except changes PostgreSQL makes without a rewrite (a longer `VARCHAR`, `VARCHAR`
    /// to `TEXT`, dropping a length limit). A change to or from an application's own
    /// type (a `String` subclass, a `TypeDecorator`) is not reported: what it is cannot
    /// be read statically.
    ///
    /// ## Why is this bad?
    /// Most type changes rewrite the table and its indexes under an `ACCESS EXCLUSIVE`
    /// lock, and break the running application if it writes values the new type
    /// rejects.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.alter_column("users", "age", type_=sa.BigInteger(), existing_type=sa.Integer())
    /// ```
    ///
    /// ## Use instead
    /// Add a new column of the new type, write to both, backfill in batches, switch
    /// reads, then drop the old column (expand / contract).
    ///
    /// ## Fix safety
    /// No fix.
    pub struct ColumnTypeChange {
        code: "SAF010",
        name: "column-type-change",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

const STRINGS: &[&str] = &["String", "VARCHAR", "Unicode", "NVARCHAR", "CHAR", "NCHAR"];
const TEXTS: &[&str] = &["Text", "TEXT", "UnicodeText", "CLOB"];

fn length(t: &SqlType) -> Option<i64> {
    t.arg(0, "length").and_then(Value::as_int)
}

/// Whether PostgreSQL changes `old` to `new` without rewriting the table.
fn binary_coercible(old: &SqlType, new: &SqlType) -> bool {
    let is_string =
        |t: &SqlType| STRINGS.contains(&t.name.as_str()) && t.name != "CHAR" && t.name != "NCHAR";
    let is_text = |t: &SqlType| TEXTS.contains(&t.name.as_str());
    if is_string(old) && is_text(new) {
        return true;
    }
    if is_string(old) && is_string(new) {
        return match (length(old), length(new)) {
            (_, None) => true,
            (Some(a), Some(b)) => b >= a,
            (None, Some(_)) => false,
        };
    }
    if old.name == new.name && matches!(old.name.as_str(), "Numeric" | "NUMERIC" | "DECIMAL") {
        let precision = |t: &SqlType| t.arg(0, "precision").and_then(Value::as_int);
        let scale = |t: &SqlType| t.arg(1, "scale").and_then(Value::as_int);
        return scale(old) == scale(new)
            && matches!((precision(old), precision(new)), (Some(a), Some(b)) if b >= a);
    }
    false
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        let OpKind::AlterColumn(a) = &op.kind else {
            return;
        };
        let Some(new) = &a.type_ else { return };
        if !cx.is_existing_table(a.schema.as_deref(), &a.table, op.range) {
            return;
        }
        let old = cx
            .catalog
            .table(a.schema.as_deref(), &a.table)
            .and_then(|t| t.column(&a.column))
            .and_then(|c| c.type_.clone())
            .or_else(|| a.existing_type.clone());
        if old.as_ref().is_some_and(|old| binary_coercible(old, new)) {
            return;
        }
        // An application's own type (a `String` subclass, a `TypeDecorator`) may well be
        // what the other side is: no telling whether PostgreSQL rewrites.
        let custom = |t: &SqlType| matches!(t.dialect, retort_ir::TypeDialect::Custom(_));
        if custom(new) || old.as_ref().is_some_and(custom) {
            return;
        }
        out.push((
            op.range,
            a.table.clone(),
            a.column.clone(),
            new.name.clone(),
        ));
    });
    for (range, table, column, new) in out {
        cx.report(
            range,
            format!("Changing the type of `{table}.{column}` to `{new}` rewrites the table and its indexes under a lock that blocks reads and writes."),
            "Add a column of the new type, backfill it in batches and switch over (expand / contract), or run this in a maintenance window.",
        );
    }
}
