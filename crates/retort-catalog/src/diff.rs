//! `Catalog::diff`: the structural differences between two catalogs.

use retort_ir::{Autoincrement, Computed, Identity, SqlType, Value};
use serde::{Deserialize, Serialize};

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
                    table: Box::new(old.clone()),
                }),
                Some(new) => diff_table(key, old, new, &mut out),
            }
        }
        for (key, new) in &other.tables {
            if !self.tables.contains_key(key) {
                out.push(SchemaChange::TableAdded {
                    table: Box::new(new.clone()),
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
