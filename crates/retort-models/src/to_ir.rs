//! Autogenerate's operations as Retort IR ops — what reading the rendered revision
//! file back gives — so that a generated revision can be applied to a catalog without
//! going through Python text.

use retort_catalog::{CatalogColumn, CatalogIndex, ConstraintDef, Table};
use retort_ir::{
    AlterColumn, Column, Constraint, ConstraintKind, Index, Name, Op, OpKind, Recreate, TextRange,
    Value,
};

use crate::compare::default_sql_for;
use crate::ops::{AutogenOp, OpGroup};
use crate::types::Dialect;

fn name(text: Option<&str>, conv: bool) -> Option<Name> {
    text.map(|t| Name {
        text: t.to_owned(),
        is_final: conv,
    })
}

/// A server default as its rendering reads back: strings stay strings, expressions
/// become `sa.text(...)`.
fn rendered_default(v: &Value, dialect: Dialect) -> Value {
    match v {
        Value::Str(_) | Value::Text(_) => v.clone(),
        other => Value::Text(default_sql_for(other, dialect)),
    }
}

/// The column `sa.Column(...)` as autogenerate renders it (no `primary_key=`: the
/// table's `PrimaryKeyConstraint` carries that).
fn column(c: &CatalogColumn, dialect: Dialect) -> Column {
    let mut col = Column::new(c.name.clone(), c.type_.clone(), TextRange::default());
    col.nullable = Some(c.nullable);
    if c.computed.is_none() && c.identity.is_none() {
        col.server_default = c
            .server_default
            .as_ref()
            .map(|v| rendered_default(v, dialect));
    }
    col.comment = c.comment.clone();
    col.autoincrement = c.autoincrement;
    col.identity = c.identity.clone();
    col.computed = c.computed.clone();
    col
}

/// A table constraint as a `create_table` argument or an `op.create_*` call.
fn constraint(c: &ConstraintDef, conv: bool) -> Option<Constraint> {
    let range = TextRange::default();
    Some(match c {
        ConstraintDef::PrimaryKey(pk) => Constraint::new(
            ConstraintKind::PrimaryKey,
            name(pk.name.as_deref(), conv),
            pk.columns.clone(),
            range,
        ),
        ConstraintDef::Unique(u) => {
            let mut k = Constraint::new(
                ConstraintKind::Unique,
                name(u.name.as_deref(), conv),
                u.columns.clone(),
                range,
            );
            k.deferrable = u.deferrable.filter(|d| *d);
            k.initially = u.initially.clone();
            k
        }
        ConstraintDef::ForeignKey(f) => {
            let mut k = Constraint::new(
                ConstraintKind::ForeignKey,
                name(f.name.as_deref(), conv),
                f.columns.clone(),
                range,
            );
            k.ref_table = Some(f.ref_table.clone());
            k.ref_schema = f.ref_schema.clone();
            k.ref_columns = f.ref_columns.clone();
            k.ondelete = f.ondelete.clone();
            k.onupdate = f.onupdate.clone();
            k.match_ = f.match_.clone();
            k.deferrable = f.deferrable.filter(|d| *d);
            k.initially = f.initially.clone();
            k
        }
        ConstraintDef::Check(ck) => {
            let mut k = Constraint::new(
                ConstraintKind::Check,
                name(ck.name.as_deref(), conv),
                Vec::new(),
                range,
            );
            k.sqltext = Some(ck.sqltext.clone());
            k
        }
        ConstraintDef::Exclude(_) => return None,
    })
}

fn create_table(table: &Table, conv_names: &[String], dialect: Dialect) -> OpKind {
    let conv = |n: Option<&str>| n.is_some_and(|n| conv_names.iter().any(|c| c == n));
    OpKind::CreateTable {
        table: table.name.clone(),
        schema: table.schema.clone(),
        columns: table.columns.iter().map(|c| column(c, dialect)).collect(),
        constraints: table
            .constraints()
            .iter()
            .filter(|c| !matches!(c, ConstraintDef::Check(ck) if ck.column.is_some()))
            .filter_map(|c| constraint(c, conv(c.name())))
            .collect(),
        indexes: Vec::new(),
        comment: table.comment.clone(),
        if_not_exists: false,
        kwargs: table.kwargs.clone(),
    }
}

fn index(i: &CatalogIndex, conv: bool) -> Index {
    Index {
        name: name(i.name.as_deref(), conv),
        table: i.table.clone(),
        elements: i.elements.clone(),
        unique: i.unique,
        where_: i.where_.clone(),
        using: i.using.clone(),
        concurrently: false,
        if_not_exists: false,
        kwargs: i.kwargs.clone(),
    }
}

/// One autogenerate op as the IR op its rendered call reads back as, for `dialect`
/// (which decides how expression server defaults are written).
pub fn to_ir(op: &AutogenOp, dialect: &str) -> OpKind {
    let dialect = Dialect::from_name(dialect);
    match op {
        AutogenOp::AddTable { table, conv_names } => create_table(table, conv_names, dialect),
        AutogenOp::RemoveTable { table, .. } => OpKind::DropTable {
            table: table.name.clone(),
            schema: table.schema.clone(),
            if_exists: false,
        },
        AutogenOp::AddColumn {
            schema,
            table,
            column: c,
            ..
        } => OpKind::AddColumn {
            table: table.clone(),
            column: column(c, dialect),
            schema: schema.clone(),
            if_not_exists: false,
        },
        AutogenOp::RemoveColumn {
            schema,
            table,
            column,
            ..
        } => OpKind::DropColumn {
            table: table.clone(),
            column: column.name.clone(),
            schema: schema.clone(),
            if_exists: false,
            kwargs: Vec::new(),
        },
        AutogenOp::AlterColumn(a) => OpKind::AlterColumn(Box::new(AlterColumn {
            table: a.table.clone(),
            column: a.column.clone(),
            schema: a.schema.clone(),
            nullable: a.modify_nullable,
            type_: a.modify_type.clone(),
            server_default: a
                .modify_server_default
                .clone()
                .map(|d| d.map(|v| rendered_default(&v, dialect))),
            new_column_name: None,
            comment: a.modify_comment.clone(),
            autoincrement: a.autoincrement,
            existing_type: a
                .existing_type
                .clone()
                .map(|t| t.unwrap_or_else(|| retort_ir::SqlType::generic("NullType"))),
            existing_nullable: if a.modify_nullable.is_none() {
                a.existing_nullable
            } else {
                None
            },
            existing_server_default: if a.modify_server_default.is_none() {
                a.existing_server_default
                    .as_ref()
                    .map(|v| Some(rendered_default(v, dialect)))
            } else {
                None
            },
            existing_comment: a.existing_comment.clone().map(Some),
            existing_autoincrement: None,
            postgresql_using: None,
            kwargs: Vec::new(),
        })),
        AutogenOp::AddIndex {
            schema,
            index: i,
            conv,
            ..
        } => {
            let mut ix = index(i, *conv);
            if let Some(s) = schema {
                ix.kwargs.push(("schema".to_owned(), Value::Str(s.clone())));
            }
            OpKind::CreateIndex(ix)
        }
        AutogenOp::RemoveIndex {
            schema,
            index: i,
            conv,
            ..
        } => OpKind::DropIndex {
            name: name(i.name.as_deref(), *conv).unwrap_or_else(|| Name::new("")),
            table: Some(i.table.clone()),
            schema: schema.clone(),
            if_exists: false,
            concurrently: false,
            kwargs: Vec::new(),
        },
        AutogenOp::AddConstraint {
            schema,
            table,
            constraint: c,
            conv,
        } => match constraint(c, *conv) {
            Some(k) => OpKind::AddConstraint {
                table: table.clone(),
                schema: schema.clone(),
                constraint: k,
            },
            None => OpKind::Opaque {
                reason: "an exclude constraint cannot be rendered by autogenerate".to_owned(),
                source: String::new(),
            },
        },
        AutogenOp::RemoveConstraint {
            schema,
            table,
            constraint: c,
            conv,
        } => OpKind::DropConstraint {
            name: name(c.name(), *conv),
            table: table.clone(),
            kind: match c {
                ConstraintDef::PrimaryKey(_) => Some(ConstraintKind::PrimaryKey),
                ConstraintDef::Unique(_) => Some(ConstraintKind::Unique),
                ConstraintDef::ForeignKey(_) => Some(ConstraintKind::ForeignKey),
                ConstraintDef::Check(_) => Some(ConstraintKind::Check),
                ConstraintDef::Exclude(_) => None,
            },
            schema: schema.clone(),
            if_exists: false,
        },
        AutogenOp::AddTableComment {
            schema,
            table,
            comment,
            existing,
        } => OpKind::CreateTableComment {
            table: table.clone(),
            comment: comment.clone(),
            existing_comment: existing.clone(),
            schema: schema.clone(),
        },
        AutogenOp::RemoveTableComment {
            schema,
            table,
            existing,
        } => OpKind::DropTableComment {
            table: table.clone(),
            existing_comment: existing.clone(),
            schema: schema.clone(),
        },
    }
}

/// Every op of the groups, in order, as IR ops (ranges empty); with `render_as_batch`,
/// each table's ops inside a `batch_alter_table` block, as the rendered file has them.
pub fn to_ir_ops(groups: &[OpGroup], dialect: &str, render_as_batch: bool) -> Vec<Op> {
    let op = |kind: OpKind| Op {
        kind,
        range: TextRange::default(),
    };
    let mut out = Vec::new();
    for g in groups {
        match g {
            OpGroup::ModifyTable { schema, table, ops } if render_as_batch => {
                if ops.is_empty() {
                    continue;
                }
                out.push(op(OpKind::Batch {
                    table: table.clone(),
                    schema: schema.clone(),
                    recreate: Recreate::Auto,
                    copy_from: None,
                    table_args: Vec::new(),
                    naming_convention: Vec::new(),
                    partial_reordering: Vec::new(),
                    ops: ops.iter().map(|o| op(to_ir(o, dialect))).collect(),
                }));
            }
            _ => out.extend(g.ops().map(|o| op(to_ir(o, dialect)))),
        }
    }
    out
}
