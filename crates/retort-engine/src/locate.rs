//! Which op of a `downgrade()` a difference comes from: the last op that touches the
//! object (column, index, constraint, enum type), else the last one that touches its
//! table, else the function itself.

use std::ops::ControlFlow;

use retort_catalog::{ConstraintDef, SchemaChange};
use retort_ir::{Op, OpKind, TextRange};
use sqlparser::ast::{self as sql, Statement};

use crate::compare::Difference;
use crate::sql::{classify, parse, Kind};
use crate::Dialect;

/// Something an op touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Touch {
    /// A table.
    Table(String),
    /// A column of a table.
    Column(String, String),
    /// An index, by name.
    Index(String),
    /// A constraint, by name.
    Constraint(String),
    /// An enum type, by name.
    Enum(String),
}

fn last(name: &str) -> String {
    name.rsplit('.').next().unwrap_or(name).to_owned()
}

/// The ops of `ops`, nested ones included, each with what it touches.
pub(crate) fn touches(ops: &[Op], dialect: Dialect) -> Vec<(TextRange, Vec<Touch>)> {
    let mut out = Vec::new();
    for op in ops {
        walk(op, dialect, &mut out);
    }
    out
}

fn walk(op: &Op, dialect: Dialect, out: &mut Vec<(TextRange, Vec<Touch>)>) {
    match &op.kind {
        OpKind::Batch { ops, table, .. } => {
            out.push((op.range, vec![Touch::Table(table.clone())]));
            for o in ops {
                walk(o, dialect, out);
            }
        }
        OpKind::AutocommitBlock { ops } => ops.iter().for_each(|o| walk(o, dialect, out)),
        // What a condition on the database's tables runs depends on the database at
        // that moment: either branch may be what touched a table.
        OpKind::Conditional {
            cond,
            then,
            otherwise,
        } if cond.inspected_at().is_some() => {
            then.iter()
                .chain(otherwise)
                .for_each(|o| walk(o, dialect, out));
        }
        OpKind::Conditional { .. } => {
            for o in Op::resolve(std::slice::from_ref(op), dialect.name(), false) {
                walk(&o, dialect, out);
            }
        }
        OpKind::Execute { sql } => {
            if let Some(alter) = crate::enum_type::parse(sql.sql()) {
                out.push((op.range, vec![Touch::Enum(alter.name.name)]));
                return;
            }
            let Ok(statements) = parse(dialect, sql.sql()) else {
                return;
            };
            let mut t = Vec::new();
            for s in &statements {
                match classify(s, op.range, &|_| None) {
                    Kind::Ddl(kinds) => {
                        for kind in kinds {
                            t.extend(kind_touches(&kind));
                        }
                    }
                    Kind::CreateEnum(e) => t.push(Touch::Enum(e.name)),
                    Kind::DropEnum(names, _) => {
                        t.extend(names.into_iter().map(|n| Touch::Enum(n.name)))
                    }
                    Kind::Write | Kind::Read => t.extend(dml_touches(s)),
                    Kind::CreateSequence(..) | Kind::DropSequence(..) | Kind::Other(_) => {}
                }
            }
            out.push((op.range, t));
        }
        kind => out.push((op.range, kind_touches(kind))),
    }
}

fn dml_touches(statement: &Statement) -> Vec<Touch> {
    let mut out = Vec::new();
    let _ = sql::visit_relations(statement, |name: &sql::ObjectName| {
        if let Some(last) = name.0.last() {
            out.push(Touch::Table(last.value.clone()));
        }
        ControlFlow::<()>::Continue(())
    });
    if let (Statement::Update { assignments, .. }, Some(Touch::Table(table))) =
        (statement, out.first().cloned())
    {
        for a in assignments {
            if let sql::AssignmentTarget::ColumnName(name) = &a.target {
                if let Some(c) = name.0.last() {
                    out.push(Touch::Column(table.clone(), c.value.clone()));
                }
            }
        }
    }
    out
}

fn kind_touches(kind: &OpKind) -> Vec<Touch> {
    let t = |s: &str| Touch::Table(s.to_owned());
    let c = |t: &str, c: &str| Touch::Column(t.to_owned(), c.to_owned());
    match kind {
        OpKind::CreateTable {
            table,
            columns,
            constraints,
            indexes,
            ..
        } => {
            let mut out = vec![t(table)];
            out.extend(columns.iter().map(|col| c(table, &col.name)));
            out.extend(
                constraints
                    .iter()
                    .filter_map(|k| k.name.as_ref())
                    .map(|n| Touch::Constraint(n.text.clone())),
            );
            out.extend(
                indexes
                    .iter()
                    .filter_map(|i| i.name.as_ref())
                    .map(|n| Touch::Index(n.text.clone())),
            );
            for col in columns {
                if let Some(type_) = &col.type_ {
                    if let Some(retort_ir::Value::Str(name)) = type_.kwarg("name") {
                        out.push(Touch::Enum(name.clone()));
                    }
                }
            }
            out
        }
        OpKind::DropTable { table, .. } => vec![t(table)],
        OpKind::RenameTable { old, new, .. } => vec![t(old), t(new)],
        OpKind::AddColumn { table, column, .. } => vec![c(table, &column.name), t(table)],
        OpKind::DropColumn { table, column, .. } => vec![c(table, column), t(table)],
        OpKind::AlterColumn(a) => {
            let mut out = vec![c(&a.table, &a.column)];
            if let Some(new) = &a.new_column_name {
                out.push(c(&a.table, new));
            }
            out.push(t(&a.table));
            out
        }
        OpKind::CreateIndex(index) => {
            let mut out: Vec<Touch> = index
                .name
                .iter()
                .map(|n| Touch::Index(n.text.clone()))
                .collect();
            out.push(t(&index.table));
            out
        }
        OpKind::DropIndex { name, table, .. } => {
            let mut out = vec![Touch::Index(name.text.clone())];
            out.extend(table.iter().map(|x| t(x)));
            out
        }
        OpKind::AddConstraint {
            table, constraint, ..
        } => {
            let mut out: Vec<Touch> = constraint
                .name
                .iter()
                .map(|n| Touch::Constraint(n.text.clone()))
                .collect();
            out.push(t(table));
            out
        }
        OpKind::CreateExcludeConstraint { name, table, .. } => {
            let mut out: Vec<Touch> = name
                .iter()
                .map(|n| Touch::Constraint(n.text.clone()))
                .collect();
            out.push(t(table));
            out
        }
        OpKind::DropConstraint { name, table, .. } => {
            let mut out: Vec<Touch> = name
                .iter()
                .map(|n| Touch::Constraint(n.text.clone()))
                .collect();
            out.push(t(table));
            out
        }
        OpKind::CreateTableComment { table, .. }
        | OpKind::DropTableComment { table, .. }
        | OpKind::BulkInsert { table, .. } => vec![t(table)],
        OpKind::Batch { .. }
        | OpKind::AutocommitBlock { .. }
        | OpKind::Conditional { .. }
        | OpKind::Execute { .. }
        | OpKind::Opaque { .. } => Vec::new(),
        OpKind::CreateType { type_, .. } | OpKind::DropType { type_, .. } => {
            match type_.kwarg("name") {
                Some(retort_ir::Value::Str(name)) => vec![Touch::Enum(name.clone())],
                _ => Vec::new(),
            }
        }
    }
}

/// What a difference is about: the objects that may be responsible, most specific
/// first (an index or constraint, then its columns), and its table.
fn subject(difference: &Difference) -> (Vec<Touch>, Option<String>) {
    match difference {
        Difference::Schema { change } => {
            let table = change.table().map(|k| k.name);
            let t = table.clone().unwrap_or_default();
            let columns = |cs: Vec<String>| {
                cs.into_iter()
                    .map(|c| Touch::Column(t.clone(), c))
                    .collect::<Vec<_>>()
            };
            let objects = match &**change {
                SchemaChange::ColumnAdded { table, column }
                | SchemaChange::ColumnRemoved { table, column } => {
                    vec![Touch::Column(table.name.clone(), column.name.clone())]
                }
                SchemaChange::ColumnChanged { table, column, .. } => {
                    vec![Touch::Column(table.name.clone(), column.clone())]
                }
                SchemaChange::ConstraintAdded { constraint, .. }
                | SchemaChange::ConstraintRemoved { constraint, .. }
                | SchemaChange::ConstraintChanged {
                    old: constraint, ..
                } => {
                    let mut out: Vec<Touch> = constraint_touch(constraint).into_iter().collect();
                    out.extend(columns(constraint_columns(constraint)));
                    out
                }
                SchemaChange::IndexAdded { index, .. }
                | SchemaChange::IndexRemoved { index, .. }
                | SchemaChange::IndexChanged { old: index, .. } => {
                    let mut out: Vec<Touch> =
                        index.name.clone().map(Touch::Index).into_iter().collect();
                    out.extend(columns(index.column_names().map(str::to_owned).collect()));
                    out
                }
                SchemaChange::EnumAdded { enum_type } | SchemaChange::EnumRemoved { enum_type } => {
                    vec![Touch::Enum(enum_type.name.clone())]
                }
                SchemaChange::EnumChanged { name, .. } => vec![Touch::Enum(name.name.clone())],
                _ => table.clone().map(Touch::Table).into_iter().collect(),
            };
            (objects, table)
        }
        Difference::Physical { table, column, .. } | Difference::Rows { table, column, .. } => {
            let t = last(table);
            (
                column
                    .iter()
                    .map(|c| Touch::Column(t.clone(), c.clone()))
                    .collect(),
                Some(t),
            )
        }
    }
}

fn constraint_columns(c: &ConstraintDef) -> Vec<String> {
    match c {
        ConstraintDef::PrimaryKey(k) => k.columns.clone(),
        ConstraintDef::Unique(k) => k.columns.clone(),
        ConstraintDef::ForeignKey(k) => k.columns.clone(),
        ConstraintDef::Check(k) => k.column.iter().cloned().collect(),
        ConstraintDef::Exclude(_) => Vec::new(),
    }
}

fn constraint_touch(c: &ConstraintDef) -> Option<Touch> {
    c.name().map(|n| Touch::Constraint(n.to_owned()))
}

/// The range of the op responsible for `difference`: the last op that touches its
/// object (a column, index, constraint, enum type; for an index or constraint, then
/// one of its columns); for a difference about a whole table (or rows without a
/// column), the last op that touches the table. `None` when no op does: the
/// `downgrade()` function is responsible as a whole.
pub(crate) fn locate(
    difference: &Difference,
    ops: &[(TextRange, Vec<Touch>)],
) -> Option<TextRange> {
    let (objects, table) = subject(difference);
    let wanted: Vec<Touch> = if objects.is_empty() {
        table.map(Touch::Table).into_iter().collect()
    } else {
        objects
    };
    wanted.iter().find_map(|w| {
        ops.iter()
            .rev()
            .find(|(_, t)| t.contains(w))
            .map(|(range, _)| *range)
    })
}
