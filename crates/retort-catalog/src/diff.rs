//! `Catalog::diff`: the structural differences between two catalogs.

use retort_ir::{Autoincrement, Computed, Identity, IndexElement, SqlType, Value};
use serde::{Deserialize, Serialize};

use crate::types::{str_repr, type_repr, value_repr};
use crate::{Catalog, CatalogColumn, CatalogIndex, ConstraintDef, EnumType, QualifiedName, Table};

/// One difference between two catalogs, from the first (`old`) to the second (`new`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchemaChange {
    /// A table only the new catalog has.
    TableAdded {
        /// The table.
        table: Box<Table>,
    },
    /// A table only the old catalog has.
    TableRemoved {
        /// The table.
        table: Box<Table>,
    },
    /// The table comment changed.
    TableCommentChanged {
        /// The table.
        table: QualifiedName,
        /// Before.
        old: Option<String>,
        /// After.
        new: Option<String>,
    },
    /// The table's other keyword arguments changed.
    TableKwargsChanged {
        /// The table.
        table: QualifiedName,
        /// Before.
        old: Vec<(String, Value)>,
        /// After.
        new: Vec<(String, Value)>,
    },
    /// A column only the new table has.
    ColumnAdded {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: CatalogColumn,
    },
    /// A column only the old table has.
    ColumnRemoved {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: CatalogColumn,
    },
    /// One attribute of a column changed.
    ColumnChanged {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// What changed.
        change: ColumnChange,
    },
    /// The same columns in another order (a column dropped and added back lands at the end).
    ColumnOrderChanged {
        /// The table.
        table: QualifiedName,
        /// Column names before.
        old: Vec<String>,
        /// Column names after.
        new: Vec<String>,
    },
    /// A constraint only the new table has.
    ConstraintAdded {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        constraint: ConstraintDef,
    },
    /// A constraint only the old table has.
    ConstraintRemoved {
        /// The table.
        table: QualifiedName,
        /// The constraint.
        constraint: ConstraintDef,
    },
    /// A named constraint whose definition changed.
    ConstraintChanged {
        /// The table.
        table: QualifiedName,
        /// Before.
        old: ConstraintDef,
        /// After.
        new: ConstraintDef,
    },
    /// An index only the new table has.
    IndexAdded {
        /// The table.
        table: QualifiedName,
        /// The index.
        index: CatalogIndex,
    },
    /// An index only the old table has.
    IndexRemoved {
        /// The table.
        table: QualifiedName,
        /// The index.
        index: CatalogIndex,
    },
    /// An index whose definition changed under the same name.
    IndexChanged {
        /// The table.
        table: QualifiedName,
        /// Before.
        old: CatalogIndex,
        /// After.
        new: CatalogIndex,
    },
    /// A PostgreSQL enum type only the new catalog has.
    EnumAdded {
        /// The type.
        enum_type: EnumType,
    },
    /// A PostgreSQL enum type only the old catalog has.
    EnumRemoved {
        /// The type.
        enum_type: EnumType,
    },
    /// A PostgreSQL enum type whose labels changed.
    EnumChanged {
        /// The type.
        name: QualifiedName,
        /// Labels before.
        old: Option<Vec<String>>,
        /// Labels after.
        new: Option<Vec<String>>,
    },
}

/// What changed in a column, old → new.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "attribute", rename_all = "snake_case")]
pub enum ColumnChange {
    /// The type.
    Type {
        /// Before.
        old: Option<SqlType>,
        /// After.
        new: Option<SqlType>,
    },
    /// Nullability.
    Nullable {
        /// Before.
        old: bool,
        /// After.
        new: bool,
    },
    /// The server default.
    ServerDefault {
        /// Before.
        old: Option<Value>,
        /// After.
        new: Option<Value>,
    },
    /// The comment.
    Comment {
        /// Before.
        old: Option<String>,
        /// After.
        new: Option<String>,
    },
    /// `autoincrement=`.
    Autoincrement {
        /// Before.
        old: Autoincrement,
        /// After.
        new: Autoincrement,
    },
    /// `sa.Identity(...)`.
    Identity {
        /// Before.
        old: Option<Identity>,
        /// After.
        new: Option<Identity>,
    },
    /// `sa.Computed(...)`.
    Computed {
        /// Before.
        old: Option<Computed>,
        /// After.
        new: Option<Computed>,
    },
}

impl SchemaChange {
    /// The table the change is about, when it is about one.
    pub fn table(&self) -> Option<QualifiedName> {
        match self {
            SchemaChange::TableAdded { table } | SchemaChange::TableRemoved { table } => {
                Some(table.key())
            }
            SchemaChange::TableCommentChanged { table, .. }
            | SchemaChange::TableKwargsChanged { table, .. }
            | SchemaChange::ColumnAdded { table, .. }
            | SchemaChange::ColumnRemoved { table, .. }
            | SchemaChange::ColumnChanged { table, .. }
            | SchemaChange::ColumnOrderChanged { table, .. }
            | SchemaChange::ConstraintAdded { table, .. }
            | SchemaChange::ConstraintRemoved { table, .. }
            | SchemaChange::ConstraintChanged { table, .. }
            | SchemaChange::IndexAdded { table, .. }
            | SchemaChange::IndexRemoved { table, .. }
            | SchemaChange::IndexChanged { table, .. } => Some(table.clone()),
            SchemaChange::EnumAdded { .. }
            | SchemaChange::EnumRemoved { .. }
            | SchemaChange::EnumChanged { .. } => None,
        }
    }

    /// The change in one line, e.g. `column users.name: nullable True -> False`.
    pub fn describe(&self) -> String {
        let opt = |v: Option<String>| v.unwrap_or_else(|| "None".to_owned());
        match self {
            SchemaChange::TableAdded { table } => format!("table {} added", table.key()),
            SchemaChange::TableRemoved { table } => format!("table {} removed", table.key()),
            SchemaChange::TableCommentChanged { table, old, new } => format!(
                "table {table}: comment {} -> {}",
                opt(old.as_deref().map(str_repr)),
                opt(new.as_deref().map(str_repr))
            ),
            SchemaChange::TableKwargsChanged { table, old, new } => format!(
                "table {table}: keyword arguments {} -> {}",
                kwargs_repr(old),
                kwargs_repr(new)
            ),
            SchemaChange::ColumnAdded { table, column } => {
                format!("column {table}.{} added", column.name)
            }
            SchemaChange::ColumnRemoved { table, column } => {
                format!("column {table}.{} removed", column.name)
            }
            SchemaChange::ColumnChanged {
                table,
                column,
                change,
            } => format!("column {table}.{column}: {}", change.describe()),
            SchemaChange::ColumnOrderChanged { table, old, new } => format!(
                "table {table}: column order ({}) -> ({})",
                old.join(", "),
                new.join(", ")
            ),
            SchemaChange::ConstraintAdded { table, constraint } => {
                format!("table {table}: {} added", constraint_words(constraint))
            }
            SchemaChange::ConstraintRemoved { table, constraint } => {
                format!("table {table}: {} removed", constraint_words(constraint))
            }
            SchemaChange::ConstraintChanged { table, old, new } => format!(
                "table {table}: {} changed to {}",
                constraint_words(old),
                constraint_words(new)
            ),
            SchemaChange::IndexAdded { table, index } => {
                format!("table {table}: index {} added", index_words(index))
            }
            SchemaChange::IndexRemoved { table, index } => {
                format!("table {table}: index {} removed", index_words(index))
            }
            SchemaChange::IndexChanged { table, old, new } => format!(
                "table {table}: index {} changed to {}",
                index_words(old),
                index_words(new)
            ),
            SchemaChange::EnumAdded { enum_type } => format!("enum {} added", enum_type.key()),
            SchemaChange::EnumRemoved { enum_type } => {
                format!("enum {} removed", enum_type.key())
            }
            SchemaChange::EnumChanged { name, old, new } => format!(
                "enum {name}: labels {} -> {}",
                labels_repr(old.as_deref()),
                labels_repr(new.as_deref())
            ),
        }
    }

    /// Whether the change exists in a database of `dialect`: enum types only exist on
    /// PostgreSQL.
    pub fn applies_to(&self, dialect: &str) -> bool {
        match self {
            SchemaChange::EnumAdded { .. }
            | SchemaChange::EnumRemoved { .. }
            | SchemaChange::EnumChanged { .. } => dialect == "postgresql",
            _ => true,
        }
    }
}

impl ColumnChange {
    /// The change in words, e.g. `nullable True -> False`.
    pub fn describe(&self) -> String {
        let py = |b: bool| if b { "True" } else { "False" };
        let ty = |t: &Option<SqlType>| {
            t.as_ref()
                .map_or_else(|| "NullType()".to_owned(), type_repr)
        };
        let val = |v: &Option<Value>| v.as_ref().map_or_else(|| "None".to_owned(), value_repr);
        let text = |v: &Option<String>| v.as_deref().map_or_else(|| "None".to_owned(), str_repr);
        let auto = |a: Autoincrement| match a {
            Autoincrement::Auto => "'auto'",
            Autoincrement::Yes => "True",
            Autoincrement::No => "False",
            Autoincrement::IgnoreFk => "'ignore_fk'",
        };
        match self {
            ColumnChange::Type { old, new } => format!("type {} -> {}", ty(old), ty(new)),
            ColumnChange::Nullable { old, new } => {
                format!("nullable {} -> {}", py(*old), py(*new))
            }
            ColumnChange::ServerDefault { old, new } => {
                format!("server_default {} -> {}", val(old), val(new))
            }
            ColumnChange::Comment { old, new } => format!("comment {} -> {}", text(old), text(new)),
            ColumnChange::Autoincrement { old, new } => {
                format!("autoincrement {} -> {}", auto(*old), auto(*new))
            }
            ColumnChange::Identity { old, new } => format!(
                "identity {} -> {}",
                if old.is_some() { "set" } else { "None" },
                if new.is_some() { "set" } else { "None" }
            ),
            ColumnChange::Computed { old, new } => format!(
                "computed {} -> {}",
                text(&old.as_ref().map(|c| c.sqltext.clone())),
                text(&new.as_ref().map(|c| c.sqltext.clone()))
            ),
        }
    }
}

fn kwargs_repr(kwargs: &[(String, Value)]) -> String {
    let parts: Vec<String> = kwargs
        .iter()
        .map(|(k, v)| format!("{k}={}", value_repr(v)))
        .collect();
    format!("({})", parts.join(", "))
}

fn labels_repr(labels: Option<&[String]>) -> String {
    match labels {
        Some(labels) => format!(
            "({})",
            labels
                .iter()
                .map(|l| str_repr(l))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "(unknown)".to_owned(),
    }
}

fn constraint_words(c: &ConstraintDef) -> String {
    let name = c.name().map(|n| format!(" {n}")).unwrap_or_default();
    let detail = match c {
        ConstraintDef::PrimaryKey(pk) => format!("({})", pk.columns.join(", ")),
        ConstraintDef::Unique(u) => format!("({})", u.columns.join(", ")),
        ConstraintDef::ForeignKey(fk) => format!(
            "({}) -> {} ({})",
            fk.columns.join(", "),
            fk.ref_key(),
            fk.ref_columns.join(", ")
        ),
        ConstraintDef::Check(ck) => format!("({})", ck.sqltext),
        ConstraintDef::Exclude(x) => format!(
            "({})",
            x.elements
                .iter()
                .map(|(e, op)| format!("{e} WITH {op}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("{}{name} {detail}", c.kind_label())
}

fn index_words(i: &CatalogIndex) -> String {
    let elements: Vec<String> = i
        .elements
        .iter()
        .map(|e| match e {
            IndexElement::Column(c) => c.clone(),
            IndexElement::Expression(x) => format!("[{x}]"),
        })
        .collect();
    format!(
        "{}{} ({})",
        i.name.as_deref().unwrap_or("(unnamed)"),
        if i.unique { " unique" } else { "" },
        elements.join(", ")
    )
}

impl Catalog {
    /// The structural differences from `self` to `other`.
    ///
    /// Order: for each table of `self` in order, its removal or its changes (comment,
    /// keyword arguments, columns removed, changed and added in column order, column
    /// order, constraints, indexes); then tables only `other` has, in its order; then
    /// enum types likewise. Columns and tables are matched by name (a rename is a removal
    /// and an addition); named constraints and indexes by name, unnamed ones by
    /// definition; the order of constraints and indexes does not count.
    pub fn diff(&self, other: &Catalog) -> Vec<SchemaChange> {
        let mut out = Vec::new();
        for (key, old) in &self.tables {
            match other.tables.get(key) {
                None => out.push(SchemaChange::TableRemoved {
                    table: Box::new(Table::clone(old)),
                }),
                // Shared since a clone and written by neither side: nothing to compare.
                Some(new) if std::sync::Arc::ptr_eq(old, new) => {}
                Some(new) => diff_table(key, old, new, &mut out),
            }
        }
        for (key, new) in &other.tables {
            if !self.tables.contains_key(key) {
                out.push(SchemaChange::TableAdded {
                    table: Box::new(Table::clone(new)),
                });
            }
        }
        for (key, old) in &self.enums {
            match other.enums.get(key) {
                None => out.push(SchemaChange::EnumRemoved {
                    enum_type: old.clone(),
                }),
                Some(new) if new.labels != old.labels => out.push(SchemaChange::EnumChanged {
                    name: key.clone(),
                    old: old.labels.clone(),
                    new: new.labels.clone(),
                }),
                Some(_) => {}
            }
        }
        for (key, new) in &other.enums {
            if !self.enums.contains_key(key) {
                out.push(SchemaChange::EnumAdded {
                    enum_type: new.clone(),
                });
            }
        }
        out
    }
}

fn diff_table(key: &QualifiedName, old: &Table, new: &Table, out: &mut Vec<SchemaChange>) {
    let table = || key.clone();
    if old.comment != new.comment {
        out.push(SchemaChange::TableCommentChanged {
            table: table(),
            old: old.comment.clone(),
            new: new.comment.clone(),
        });
    }
    if old.kwargs != new.kwargs {
        out.push(SchemaChange::TableKwargsChanged {
            table: table(),
            old: old.kwargs.clone(),
            new: new.kwargs.clone(),
        });
    }
    for column in &old.columns {
        match new.column(&column.name) {
            None => out.push(SchemaChange::ColumnRemoved {
                table: table(),
                column: column.clone(),
            }),
            Some(after) => {
                for change in diff_column(column, after) {
                    out.push(SchemaChange::ColumnChanged {
                        table: table(),
                        column: column.name.clone(),
                        change,
                    });
                }
            }
        }
    }
    for column in &new.columns {
        if old.column(&column.name).is_none() {
            out.push(SchemaChange::ColumnAdded {
                table: table(),
                column: column.clone(),
            });
        }
    }
    let kept_old: Vec<&str> = old
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| new.column(n).is_some())
        .collect();
    let kept_new: Vec<&str> = new
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| old.column(n).is_some())
        .collect();
    if kept_old != kept_new {
        out.push(SchemaChange::ColumnOrderChanged {
            table: table(),
            old: old.columns.iter().map(|c| c.name.clone()).collect(),
            new: new.columns.iter().map(|c| c.name.clone()).collect(),
        });
    }

    let (removed, changed, added) = match_items(&old.constraints(), &new.constraints(), |c| {
        c.name().map(|n| (std::mem::discriminant(c), n.to_owned()))
    });
    out.extend(
        removed
            .into_iter()
            .map(|c| SchemaChange::ConstraintRemoved {
                table: table(),
                constraint: c,
            }),
    );
    out.extend(
        changed
            .into_iter()
            .map(|(old, new)| SchemaChange::ConstraintChanged {
                table: table(),
                old,
                new,
            }),
    );
    out.extend(added.into_iter().map(|c| SchemaChange::ConstraintAdded {
        table: table(),
        constraint: c,
    }));

    let (removed, changed, added) = match_items(&old.indexes, &new.indexes, |i| i.name.clone());
    out.extend(removed.into_iter().map(|index| SchemaChange::IndexRemoved {
        table: table(),
        index,
    }));
    out.extend(
        changed
            .into_iter()
            .map(|(old, new)| SchemaChange::IndexChanged {
                table: table(),
                old,
                new,
            }),
    );
    out.extend(added.into_iter().map(|index| SchemaChange::IndexAdded {
        table: table(),
        index,
    }));
}

/// Matches items by key (when they have one) or by equality: (removed, changed, added).
fn match_items<T: Clone + PartialEq, K: PartialEq>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> Option<K>,
) -> (Vec<T>, Vec<(T, T)>, Vec<T>) {
    let mut used = vec![false; new.len()];
    let mut removed = Vec::new();
    let mut changed = Vec::new();
    for item in old {
        let found = match key(item) {
            Some(k) => new
                .iter()
                .enumerate()
                .find(|(i, n)| !used[*i] && key(n).as_ref() == Some(&k)),
            None => new
                .iter()
                .enumerate()
                .find(|(i, n)| !used[*i] && key(n).is_none() && *n == item),
        };
        match found {
            Some((i, n)) => {
                used[i] = true;
                if n != item {
                    changed.push((item.clone(), n.clone()));
                }
            }
            None => removed.push(item.clone()),
        }
    }
    let added = new
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(n, _)| n.clone())
        .collect();
    (removed, changed, added)
}

fn diff_column(old: &CatalogColumn, new: &CatalogColumn) -> Vec<ColumnChange> {
    let mut out = Vec::new();
    if old.type_ != new.type_ {
        out.push(ColumnChange::Type {
            old: old.type_.clone(),
            new: new.type_.clone(),
        });
    }
    if old.nullable != new.nullable {
        out.push(ColumnChange::Nullable {
            old: old.nullable,
            new: new.nullable,
        });
    }
    if old.server_default != new.server_default {
        out.push(ColumnChange::ServerDefault {
            old: old.server_default.clone(),
            new: new.server_default.clone(),
        });
    }
    if old.comment != new.comment {
        out.push(ColumnChange::Comment {
            old: old.comment.clone(),
            new: new.comment.clone(),
        });
    }
    if old.autoincrement != new.autoincrement {
        out.push(ColumnChange::Autoincrement {
            old: old.autoincrement,
            new: new.autoincrement,
        });
    }
    if old.identity != new.identity {
        out.push(ColumnChange::Identity {
            old: old.identity.clone(),
            new: new.identity.clone(),
        });
    }
    if old.computed != new.computed {
        out.push(ColumnChange::Computed {
            old: old.computed.clone(),
            new: new.computed.clone(),
        });
    }
    out
}
