//! Autogenerate's operations (`alembic.operations.ops`), as plain data, and their
//! reverses (what the downgrade does).

use retort_catalog::{CatalogColumn, CatalogIndex, ConstraintDef, Table};
use retort_ir::{SqlType, Value};
use serde::{Deserialize, Serialize};

/// `op.alter_column(...)` as autogenerate builds it: `existing_*` from the database,
/// `modify_*` from the models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlterColumnOp {
    /// Schema.
    pub schema: Option<String>,
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// The database type; `Some(None)` is `NullType` (not reflectable), `None` not set.
    pub existing_type: Option<Option<SqlType>>,
    /// The database nullability.
    pub existing_nullable: Option<bool>,
    /// The database server default (`None` when there is none).
    pub existing_server_default: Option<Value>,
    /// The database comment.
    pub existing_comment: Option<String>,
    /// The models' type, when it differs.
    pub modify_type: Option<SqlType>,
    /// The models' nullability, when it differs.
    pub modify_nullable: Option<bool>,
    /// The models' server default, when it differs (`Some(None)`: none).
    pub modify_server_default: Option<Option<Value>>,
    /// The models' comment, when it differs (`Some(None)`: none).
    pub modify_comment: Option<Option<String>>,
    /// `autoincrement=` (set for the table's autoincrement column).
    pub autoincrement: Option<bool>,
}

impl AlterColumnOp {
    /// An alter with nothing set.
    pub fn new(schema: Option<&str>, table: &str, column: &str) -> Self {
        Self {
            schema: schema.map(str::to_owned),
            table: table.to_owned(),
            column: column.to_owned(),
            existing_type: None,
            existing_nullable: None,
            existing_server_default: None,
            existing_comment: None,
            modify_type: None,
            modify_nullable: None,
            modify_server_default: None,
            modify_comment: None,
            autoincrement: None,
        }
    }

    /// `AlterColumnOp.has_changes()`.
    pub fn has_changes(&self) -> bool {
        self.modify_type.is_some()
            || self.modify_nullable.is_some()
            || self.modify_server_default.is_some()
            || self.modify_comment.is_some()
    }

    /// `AlterColumnOp.reverse()`: each modified attribute swapped with its existing value.
    pub fn reverse(&self) -> Self {
        let mut out = self.clone();
        if let Some(new) = &self.modify_type {
            out.modify_type = self.existing_type.clone().flatten();
            out.existing_type = Some(Some(new.clone()));
        }
        if let Some(new) = self.modify_nullable {
            out.modify_nullable = self.existing_nullable;
            out.existing_nullable = Some(new);
        }
        if let Some(new) = &self.modify_server_default {
            out.modify_server_default = Some(self.existing_server_default.clone());
            out.existing_server_default = new.clone();
        }
        if let Some(new) = &self.modify_comment {
            out.modify_comment = Some(self.existing_comment.clone());
            out.existing_comment = new.clone();
        }
        out
    }
}

/// One autogenerate operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum AutogenOp {
    /// `op.create_table(...)`.
    AddTable {
        /// The table.
        table: Box<Table>,
        /// Names rendered `op.f('…')`.
        conv_names: Vec<String>,
    },
    /// `op.drop_table(...)`.
    RemoveTable {
        /// The table (what the downgrade re-creates).
        table: Box<Table>,
        /// Names rendered `op.f('…')`.
        conv_names: Vec<String>,
    },
    /// `op.add_column(...)`.
    AddColumn {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The column.
        column: CatalogColumn,
        /// The `[schema.]table.column` its foreign keys refer to (for `repr()`).
        references: Vec<String>,
    },
    /// `op.drop_column(...)`.
    RemoveColumn {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The column (what the downgrade adds back).
        column: CatalogColumn,
        /// The `[schema.]table.column` its foreign keys refer to (for `repr()`).
        references: Vec<String>,
    },
    /// `op.alter_column(...)`.
    AlterColumn(Box<AlterColumnOp>),
    /// `op.create_index(...)`.
    AddIndex {
        /// Schema of the table.
        schema: Option<String>,
        /// The index.
        index: CatalogIndex,
        /// The indexed columns as their table has them (for `repr()`).
        columns: Vec<CatalogColumn>,
        /// Read from the database (SQLite reports `unique` as an integer).
        reflected: bool,
        /// Its name is rendered `op.f('…')`.
        conv: bool,
    },
    /// `op.drop_index(...)`.
    RemoveIndex {
        /// Schema of the table.
        schema: Option<String>,
        /// The index.
        index: CatalogIndex,
        /// The indexed columns as their table has them (for `repr()`).
        columns: Vec<CatalogColumn>,
        /// Read from the database (SQLite reports `unique` as an integer).
        reflected: bool,
        /// Its name is rendered `op.f('…')`.
        conv: bool,
    },
    /// `op.create_unique_constraint`, `op.create_foreign_key`, `op.create_check_constraint`.
    AddConstraint {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The constraint.
        constraint: ConstraintDef,
        /// Its name is rendered `op.f('…')`.
        conv: bool,
    },
    /// `op.drop_constraint(...)`.
    RemoveConstraint {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The constraint.
        constraint: ConstraintDef,
        /// Its name is rendered `op.f('…')`.
        conv: bool,
    },
    /// `op.create_table_comment(...)`.
    AddTableComment {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The new comment.
        comment: String,
        /// The comment before.
        existing: Option<String>,
    },
    /// `op.drop_table_comment(...)`.
    RemoveTableComment {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The comment before.
        existing: Option<String>,
    },
}

impl AutogenOp {
    /// The operation that undoes this one.
    pub fn reverse(&self) -> AutogenOp {
        match self.clone() {
            AutogenOp::AddTable { table, conv_names } => {
                AutogenOp::RemoveTable { table, conv_names }
            }
            AutogenOp::RemoveTable { table, conv_names } => {
                AutogenOp::AddTable { table, conv_names }
            }
            AutogenOp::AddColumn {
                schema,
                table,
                column,
                references,
            } => AutogenOp::RemoveColumn {
                schema,
                table,
                column,
                references,
            },
            AutogenOp::RemoveColumn {
                schema,
                table,
                column,
                references,
            } => AutogenOp::AddColumn {
                schema,
                table,
                column,
                references,
            },
            AutogenOp::AlterColumn(a) => AutogenOp::AlterColumn(Box::new(a.reverse())),
            AutogenOp::AddIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            } => AutogenOp::RemoveIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            },
            AutogenOp::RemoveIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            } => AutogenOp::AddIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            },
            AutogenOp::AddConstraint {
                schema,
                table,
                constraint,
                conv,
            } => AutogenOp::RemoveConstraint {
                schema,
                table,
                constraint,
                conv,
            },
            AutogenOp::RemoveConstraint {
                schema,
                table,
                constraint,
                conv,
            } => AutogenOp::AddConstraint {
                schema,
                table,
                constraint,
                conv,
            },
            AutogenOp::AddTableComment {
                schema,
                table,
                comment,
                existing,
            } => match existing {
                None => AutogenOp::RemoveTableComment {
                    schema,
                    table,
                    existing: Some(comment),
                },
                Some(old) => AutogenOp::AddTableComment {
                    schema,
                    table,
                    comment: old,
                    existing: Some(comment),
                },
            },
            AutogenOp::RemoveTableComment {
                schema,
                table,
                existing,
            } => AutogenOp::AddTableComment {
                schema,
                table,
                comment: existing.unwrap_or_default(),
                existing: None,
            },
        }
    }
}

/// An entry of `UpgradeOps.ops`: a table-level op, or the ops on one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpGroup {
    /// `CreateTableOp` / `DropTableOp`.
    Op {
        /// The op.
        op: Box<AutogenOp>,
    },
    /// `ModifyTableOps`.
    ModifyTable {
        /// Schema.
        schema: Option<String>,
        /// Table.
        table: String,
        /// The ops, in order.
        ops: Vec<AutogenOp>,
    },
}

impl OpGroup {
    /// Every op of the group.
    pub fn ops(&self) -> impl Iterator<Item = &AutogenOp> {
        match self {
            OpGroup::Op { op } => std::slice::from_ref(&**op).iter(),
            OpGroup::ModifyTable { ops, .. } => ops.iter(),
        }
    }
}

/// `UpgradeOps.reverse_into(downgrade_ops)`: groups in reverse order, each reversed.
pub fn reverse_groups(groups: &[OpGroup]) -> Vec<OpGroup> {
    groups
        .iter()
        .rev()
        .map(|g| match g {
            OpGroup::Op { op } => OpGroup::Op {
                op: Box::new(op.reverse()),
            },
            OpGroup::ModifyTable { schema, table, ops } => OpGroup::ModifyTable {
                schema: schema.clone(),
                table: table.clone(),
                ops: ops.iter().rev().map(AutogenOp::reverse).collect(),
            },
        })
        .collect()
}
