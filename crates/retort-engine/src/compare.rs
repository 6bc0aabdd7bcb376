//! Differences between two moments of the database: the catalog (through
//! [`Catalog::diff`](retort_catalog::Catalog::diff)), GlueSQL's tables where the
//! catalog does not already explain them, and the rows.

use std::collections::{BTreeMap, HashSet};

use gluesql_core::ast::{ColumnDef, ToSql};
use gluesql_core::data::Value;
use retort_catalog::{ColumnChange, QualifiedName, SchemaChange};
use retort_ir::{SqlType, TypeDialect};
use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::physical::physical_name;
use crate::version::VERSION_TABLE;
use crate::Dialect;

/// What differs, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Difference {
    /// The logical schema.
    Schema {
        /// The catalog's description of the change.
        change: Box<SchemaChange>,
    },
    /// GlueSQL's table definition, where the catalog is the same.
    Physical {
        /// The GlueSQL table.
        table: String,
        /// The column, when the difference is in one.
        column: Option<String>,
        /// What differs.
        detail: String,
    },
    /// Rows.
    Rows {
        /// The GlueSQL table.
        table: String,
        /// The column, when one cell differs.
        column: Option<String>,
        /// What differs.
        detail: String,
        /// The upgrade already lost these values (no column and no row after the upgrade
        /// holds them): no downgrade could bring them back.
        #[serde(default)]
        by_upgrade: bool,
    },
}

impl Difference {
    /// The difference in one line.
    pub fn describe(&self) -> String {
        match self {
            Difference::Schema { change } => change.describe(),
            Difference::Physical { detail, .. } | Difference::Rows { detail, .. } => detail.clone(),
        }
    }
}

/// How many row differences are listed per table.
const ROWS_PER_TABLE: usize = 3;

/// Everything that differs from `before` to `after`; `upgraded` is the state in
/// between (after the upgrade, before the downgrade), to tell values the upgrade
/// destroyed from values the downgrade lost.
pub(crate) fn compare(
    before: &Engine,
    after: &Engine,
    upgraded: Option<&Engine>,
) -> Vec<Difference> {
    let dialect = before.dialect();
    let changes: Vec<SchemaChange> = before
        .catalog
        .diff(&after.catalog)
        .into_iter()
        .filter(|c| {
            c.applies_to(dialect.name())
                && !same_enum_type(c, dialect)
                && !same_database_type(c, dialect)
        })
        .collect();
    let explained: HashSet<String> = changes
        .iter()
        .filter_map(|c| c.table().map(|t| physical_name(&t)))
        .collect();
    let mut out: Vec<Difference> = changes
        .into_iter()
        .map(|change| Difference::Schema {
            change: Box::new(change),
        })
        .collect();

    let mut names: Vec<&String> = before.designs.keys().collect();
    names.sort();
    for name in names {
        if name == VERSION_TABLE {
            continue;
        }
        let (Some(old), Some(new)) = (before.db.schema(name), after.db.schema(name)) else {
            continue;
        };
        let old_cols = old.column_defs.clone().unwrap_or_default();
        let new_cols = new.column_defs.clone().unwrap_or_default();
        if !explained.contains(name) {
            physical_differences(name, &old_cols, &new_cols, &mut out);
            for fk in &old.foreign_keys {
                if !new.foreign_keys.contains(fk) {
                    out.push(Difference::Physical {
                        table: name.clone(),
                        column: Some(fk.referencing_column_name.clone()),
                        detail: format!("table {name}: foreign key {} is gone", fk.to_sql()),
                    });
                }
            }
            for fk in &new.foreign_keys {
                if !old.foreign_keys.contains(fk) {
                    out.push(Difference::Physical {
                        table: name.clone(),
                        column: Some(fk.referencing_column_name.clone()),
                        detail: format!("table {name}: foreign key {} is new", fk.to_sql()),
                    });
                }
            }
        }
        let key = before
            .catalog
            .tables()
            .find(|t| physical_name(&t.key()) == *name)
            .and_then(|t| t.primary_key.as_ref())
            .map(|pk| pk.columns.clone())
            .unwrap_or_default();
        row_differences(
            before, after, upgraded, name, &old_cols, &new_cols, &key, &mut out,
        );
    }
    out
}

/// The application's type (`TypeDialect::Custom`) on either side of a column declared
/// with another type: Retort does not know what it compiles to, so it cannot tell
/// whether the database's type changed.
pub(crate) fn custom_type_change(change: &SchemaChange) -> Option<&str> {
    let (_, old, new) = type_change(change)?;
    [old, new].into_iter().find_map(|t| match &t.dialect {
        TypeDialect::Custom(name) => Some(name.as_str()),
        _ => None,
    })
}

/// The table and the two types of a column declared with another type.
fn type_change(change: &SchemaChange) -> Option<(&QualifiedName, &SqlType, &SqlType)> {
    match change {
        SchemaChange::ColumnChanged {
            table,
            change:
                ColumnChange::Type {
                    old: Some(old),
                    new: Some(new),
                },
            ..
        } => Some((table, old, new)),
        _ => None,
    }
}

/// Whether `change` is a column declared with another type that is the same named enum
/// type on a database that has them (PostgreSQL: `sa.Enum(…, name='status')` and the
/// `status` of `ALTER COLUMN … TYPE status` are one type; its labels are compared as the
/// enum type's).
fn same_enum_type(change: &SchemaChange, dialect: Dialect) -> bool {
    let Some((table, old, new)) = type_change(change) else {
        return false;
    };
    let schema = table.schema.as_deref();
    dialect.has_named_enum_types()
        && retort_catalog::enum_type_key(old, schema)
            .is_some_and(|key| retort_catalog::enum_type_key(new, schema).as_ref() == Some(&key))
}

/// Whether `change` is a column declared with another type that the dialect compiles
/// to the same DDL (`sqlmodel`'s `AutoString()` and `String()` are both `VARCHAR`): the
/// database holds the same column.
fn same_database_type(change: &SchemaChange, dialect: Dialect) -> bool {
    let Some((_, old, new)) = type_change(change) else {
        return false;
    };
    let compiled = |t| retort_models::compile_type(t, dialect.name());
    compiled(old).is_some_and(|ddl| compiled(new).as_ref() == Some(&ddl))
}

fn physical_differences(
    table: &str,
    old: &[ColumnDef],
    new: &[ColumnDef],
    out: &mut Vec<Difference>,
) {
    for o in old {
        let Some(n) = new.iter().find(|n| n.name == o.name) else {
            out.push(Difference::Physical {
                table: table.to_owned(),
                column: Some(o.name.clone()),
                detail: format!("table {table}: column {} is gone", o.name),
            });
            continue;
        };
        if o != n {
            out.push(Difference::Physical {
                table: table.to_owned(),
                column: Some(o.name.clone()),
                detail: format!("table {table}: column {} -> {}", o.to_sql(), n.to_sql()),
            });
        }
    }
    for n in new {
        if !old.iter().any(|o| o.name == n.name) {
            out.push(Difference::Physical {
                table: table.to_owned(),
                column: Some(n.name.clone()),
                detail: format!("table {table}: column {} is new", n.to_sql()),
            });
        }
    }
}

fn cell(value: &Value) -> String {
    value.to_sql()
}

/// Rows of `table`, keyed by the primary key's values when there is one, else by
/// position.
fn keyed<'a>(
    engine: &'a Engine,
    table: &str,
    columns: &[ColumnDef],
    key: &[String],
) -> BTreeMap<String, &'a Vec<Value>> {
    let at: Option<Vec<usize>> = (!key.is_empty())
        .then(|| {
            key.iter()
                .map(|k| columns.iter().position(|c| c.name == *k))
                .collect()
        })
        .flatten();
    engine
        .db
        .rows(table)
        .enumerate()
        .map(|(i, row)| {
            let id = match &at {
                Some(at) => at
                    .iter()
                    .zip(key)
                    .map(|(i, k)| format!("{k}={}", row.get(*i).map_or_else(String::new, cell)))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => format!("#{}", i + 1),
            };
            (id, row)
        })
        .collect()
}

/// Whether the upgrade itself destroyed the value `old` held in column `at` (named
/// `name`) of row `id`, `now` being what the downgrade left: when the row is not there
/// after the upgrade (deleted, or its primary key replaced), always; when the upgrade
/// kept the column, whether it already held `now` after the upgrade (a backfill); when
/// it did not, whether no other column holds the column's values row for row (a rename
/// keeps them; a drop does not).
#[allow(clippy::too_many_arguments)]
fn destroyed_by_upgrade(
    upgraded: &Engine,
    table: &str,
    key: &[String],
    old: &BTreeMap<String, &Vec<Value>>,
    at: usize,
    name: &str,
    id: &str,
    now: Option<&Value>,
) -> bool {
    let Some(cols) = upgraded
        .db
        .schema(table)
        .and_then(|s| s.column_defs.clone())
    else {
        return true;
    };
    let rows = keyed(upgraded, table, &cols, key);
    // No such row after the upgrade: it deleted the row or gave it another key (a
    // primary key replaced), and what the downgrade puts there is a new row.
    let Some(row) = rows.get(id) else {
        return true;
    };
    if let Some(k) = cols.iter().position(|c| c.name == name) {
        return row.get(k) == now;
    }
    let distinctive = old.values().any(|r| {
        r.get(at)
            .is_some_and(|v| !v.is_null() && !matches!(v, Value::Bool(_)))
    });
    !distinctive
        || !(0..cols.len()).any(|k| {
            old.iter()
                .all(|(id, row)| rows.get(id).is_some_and(|r| r.get(k) == row.get(at)))
        })
}

#[allow(clippy::too_many_arguments)]
fn row_differences(
    before: &Engine,
    after: &Engine,
    upgraded: Option<&Engine>,
    table: &str,
    old_cols: &[ColumnDef],
    new_cols: &[ColumnDef],
    key: &[String],
    out: &mut Vec<Difference>,
) {
    // Only columns both sides hold with the same type: the schema differences say the rest.
    let shared: Vec<(usize, usize, &str)> = old_cols
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let j = new_cols
                .iter()
                .position(|n| n.name == o.name && n.data_type == o.data_type)?;
            Some((i, j, o.name.as_str()))
        })
        .collect();
    let key_ok = key.iter().all(|k| new_cols.iter().any(|c| c.name == *k));
    let key: &[String] = if key_ok { key } else { &[] };
    let old_rows = keyed(before, table, old_cols, key);
    let new_rows = keyed(after, table, new_cols, key);
    let upgraded_rows = upgraded.map(|u| {
        let cols =
            u.db.schema(table)
                .and_then(|s| s.column_defs.clone())
                .unwrap_or_default();
        keyed(u, table, &cols, key)
            .into_keys()
            .collect::<HashSet<String>>()
    });
    let mut found: Vec<Difference> = Vec::new();
    let push =
        |column: Option<String>, detail: String, by_upgrade: bool, out: &mut Vec<Difference>| {
            out.push(Difference::Rows {
                table: table.to_owned(),
                column,
                detail,
                by_upgrade,
            });
        };
    for (id, old) in &old_rows {
        let Some(new) = new_rows.get(id) else {
            let by_upgrade = upgraded_rows
                .as_ref()
                .is_some_and(|rows| !rows.contains(id));
            push(
                None,
                format!("table {table}: row ({id}) is gone"),
                by_upgrade,
                &mut found,
            );
            continue;
        };
        for (i, j, name) in &shared {
            let (a, b) = (old.get(*i), new.get(*j));
            if a != b {
                let by_upgrade = upgraded.is_some_and(|u| {
                    destroyed_by_upgrade(u, table, key, &old_rows, *i, name, id, b)
                });
                push(
                    Some((*name).to_owned()),
                    format!(
                        "table {table}, row ({id}): {name} {} -> {}",
                        a.map_or_else(String::new, cell),
                        b.map_or_else(String::new, cell)
                    ),
                    by_upgrade,
                    &mut found,
                );
            }
        }
    }
    for id in new_rows.keys() {
        if !old_rows.contains_key(id) {
            push(
                None,
                format!("table {table}: row ({id}) is new"),
                false,
                &mut found,
            );
        }
    }
    // The downgrade's own losses first; the rest summed up, a warning when all of it
    // is data the upgrade destroyed.
    let by_upgrade = |d: &Difference| {
        matches!(
            d,
            Difference::Rows {
                by_upgrade: true,
                ..
            }
        )
    };
    found.sort_by_key(by_upgrade);
    let hidden = found.split_off(found.len().min(ROWS_PER_TABLE));
    out.extend(found);
    if !hidden.is_empty() {
        out.push(Difference::Rows {
            table: table.to_owned(),
            column: None,
            detail: format!("table {table}: {} more row differences", hidden.len()),
            by_upgrade: hidden.iter().all(by_upgrade),
        });
    }
}
