//! The constraints GlueSQL cannot hold, checked by the engine after each write with
//! the error the imitated database gives: composite and float keys, unique indexes,
//! CHECK, foreign keys GlueSQL cannot hold (and their ON DELETE CASCADE / SET NULL),
//! string lengths and enum labels.

use std::collections::{HashMap, HashSet};

use gluesql_core::ast::ToSql;
use gluesql_core::data::{Key, Value};
use gluesql_core::executor::Payload;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::db::{Database, DbError, Saved};
use crate::physical::{ident, Design, OnDelete, Rule};
use crate::types::ValueRule;
use crate::Dialect;

/// A value as a database prints it in a message: `42`, `alice`, `NULL`.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Null => "NULL".to_owned(),
        Value::Date(d) => d.to_string(),
        Value::Timestamp(t) => t.to_string(),
        Value::Time(t) => t.to_string(),
        Value::Uuid(_) | Value::Inet(_) => value.to_sql().trim_matches('\'').to_owned(),
        other => other.to_sql(),
    }
}

fn tuple_text(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| value_text(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The positions of `columns` in the design's columns; `None` when one is missing.
fn positions(design: &Design, columns: &[String]) -> Option<Vec<usize>> {
    columns
        .iter()
        .map(|c| design.columns.iter().position(|d| d.name == *c))
        .collect()
}

/// The first key that appears twice among `tuples` (NULLs never collide).
pub(crate) fn first_duplicate<'a>(tuples: impl Iterator<Item = Vec<&'a Value>>) -> Option<String> {
    let mut seen: HashSet<Vec<&Value>> = HashSet::new();
    for tuple in tuples {
        if tuple.iter().any(|v| v.is_null()) {
            continue;
        }
        if seen.contains(&tuple) {
            return Some(tuple_text(&tuple));
        }
        seen.insert(tuple);
    }
    None
}

/// Rounds the values of `NUMERIC(p, s)` columns to `s` digits after the point, half
/// away from zero, as PostgreSQL and MySQL store them (GlueSQL keeps every digit).
fn round_numerics(db: &mut Database, design: &Design) {
    for rule in &design.rules {
        let Rule::Value {
            column,
            rule: ValueRule::Numeric { scale, .. },
        } = rule
        else {
            continue;
        };
        let Some(at) = design.columns.iter().position(|c| c.name == *column) else {
            continue;
        };
        let Some(rows) = db.keyed_rows(&design.name) else {
            continue;
        };
        let rounded: Vec<(Key, Vec<Value>)> = rows
            .iter()
            .filter_map(|(key, row)| match row.get(at) {
                Some(Value::Decimal(d)) if d.scale() > *scale => {
                    let mut row = row.clone();
                    row[at] = Value::Decimal(
                        d.round_dp_with_strategy(*scale, RoundingStrategy::MidpointAwayFromZero),
                    );
                    Some((key.clone(), row))
                }
                _ => None,
            })
            .collect();
        if !rounded.is_empty() {
            db.put_rows(&design.name, rounded);
        }
    }
}

/// Whether `d` has at most `precision - scale` digits before the point.
fn fits(d: &Decimal, precision: u32, scale: u32) -> bool {
    let digits = precision.saturating_sub(scale);
    // A Decimal holds less than 10^29: wider columns take any of them.
    digits >= 29 || d.abs() < Decimal::from_i128_with_scale(10_i128.pow(digits), 0)
}

/// What checking found: a violation, or constraints that could not be checked.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// The database's error, when a constraint is violated.
    pub violation: Option<String>,
    /// Constraints the engine cannot evaluate, as `(key, message)`.
    pub unchecked: Vec<(String, String)>,
}

fn select_rows(db: &mut Database, sql: &str) -> Result<Vec<Vec<Value>>, DbError> {
    let payloads = db.execute(sql)?;
    Ok(payloads
        .into_iter()
        .find_map(|p| match p {
            Payload::Select { rows, .. } => Some(rows),
            _ => None,
        })
        .unwrap_or_default())
}

/// Checks the rules of `design` that do not involve other tables, and its foreign keys
/// (both GlueSQL's and the engine's) against the tables they refer to.
pub(crate) fn check_table(
    db: &mut Database,
    design: &Design,
    designs: &HashMap<String, Design>,
    dialect: Dialect,
    writing: bool,
) -> Checked {
    let mut out = Checked::default();
    let table = design.name.as_str();
    // Stored as the database stores them, before any key compares them.
    round_numerics(db, design);
    // GlueSQL checks its UNIQUE columns on writes, but not in ADD COLUMN … DEFAULT.
    for (at, column) in design
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.unique.is_some())
    {
        let dup = first_duplicate(db.rows(table).map(|row| row.get(at).into_iter().collect()));
        if let Some(dup) = dup {
            out.violation = Some(dialect.unique_violation(
                table,
                None,
                std::slice::from_ref(&column.name),
                &dup,
                writing,
            ));
            return out;
        }
    }
    for rule in &design.rules {
        let violation = match rule {
            Rule::Unique {
                name,
                columns,
                where_,
            } => match (positions(design, columns), where_) {
                (Some(at), None) => first_duplicate(
                    db.rows(table)
                        .map(|row| at.iter().filter_map(|i| row.get(*i)).collect()),
                )
                .map(|dup| {
                    dialect.unique_violation(table, name.as_deref(), columns, &dup, writing)
                }),
                _ => {
                    let mut sql = format!("SELECT {} FROM {}", columns.join(", "), ident(table));
                    if let Some(w) = where_ {
                        sql.push_str(&format!(" WHERE {w}"));
                    }
                    match select_rows(db, &sql) {
                        Ok(rows) => {
                            first_duplicate(rows.iter().map(|r| r.iter().collect())).map(|dup| {
                                dialect.unique_violation(
                                    table,
                                    name.as_deref(),
                                    columns,
                                    &dup,
                                    writing,
                                )
                            })
                        }
                        Err(e) => {
                            out.unchecked.push((
                                format!("{table}:unique:{}", columns.join(",")),
                                format!(
                                    "unique index {} on {table} ({}) is not enforced in the in-browser engine: {}",
                                    name.as_deref().unwrap_or("(unnamed)"),
                                    columns.join(", "),
                                    e.message()
                                ),
                            ));
                            None
                        }
                    }
                }
            },
            Rule::Check { name, sql } => {
                let query = format!("SELECT COUNT(*) FROM {} WHERE NOT ({sql})", ident(table));
                match select_rows(db, &query) {
                    Ok(rows) => {
                        let n = rows.first().and_then(|r| r.first()).map_or(0, |v| match v {
                            Value::I64(n) => *n,
                            _ => 0,
                        });
                        (n > 0).then(|| dialect.check_violation(table, name.as_deref(), writing))
                    }
                    Err(e) => {
                        out.unchecked.push((
                            format!("{table}:check:{sql}"),
                            format!(
                                "CHECK ({sql}) on {table} is not enforced in the in-browser engine: {}",
                                e.message()
                            ),
                        ));
                        None
                    }
                }
            }
            Rule::Value { column, rule } => {
                let Some(at) = design.columns.iter().position(|c| c.name == *column) else {
                    continue;
                };
                db.rows(table).find_map(|row| match (row.get(at), rule) {
                    (Some(Value::Str(s)), ValueRule::MaxLength { length, type_name })
                        if i64::try_from(s.chars().count()).unwrap_or(i64::MAX) > *length =>
                    {
                        Some(dialect.too_long(type_name, *length, column))
                    }
                    (Some(Value::Str(s)), ValueRule::Labels { name, labels })
                        if !labels.contains(s) =>
                    {
                        Some(dialect.invalid_enum(name, s, column))
                    }
                    (Some(Value::Decimal(d)), ValueRule::Numeric { precision, scale })
                        if !fits(d, *precision, *scale) =>
                    {
                        Some(dialect.numeric_overflow(*precision, *scale, column))
                    }
                    _ => None,
                })
            }
            Rule::ForeignKey { .. } => None,
        };
        if violation.is_some() {
            out.violation = violation;
            return out;
        }
    }
    if let Some(message) = dangling(db, design, designs, dialect, None)
        .into_iter()
        .next()
    {
        out.violation = Some(message.message);
    }
    out
}

/// A row whose foreign key finds no referenced row.
struct Dangling {
    message: String,
    key: Key,
    on_delete: OnDelete,
    columns: Vec<usize>,
    /// The referring row was there, unchanged, before the statement: the referenced
    /// row went away.
    parent_side: bool,
}

/// Every foreign key of `design` (GlueSQL's and the engine's): rows that refer to nothing.
fn dangling(
    db: &Database,
    design: &Design,
    designs: &HashMap<String, Design>,
    dialect: Dialect,
    before: Option<&Saved>,
) -> Vec<Dangling> {
    let table = design.name.as_str();
    // (name, columns, referenced table, referenced columns, on delete)
    type Fk<'a> = (Option<&'a str>, Vec<String>, &'a str, Vec<String>, OnDelete);
    let mut fks: Vec<Fk<'_>> = design
        .foreign_keys
        .iter()
        .map(|fk| {
            (
                Some(fk.name.as_str()),
                vec![fk.referencing_column_name.clone()],
                fk.referenced_table_name.as_str(),
                vec![fk.referenced_column_name.clone()],
                OnDelete::Restrict,
            )
        })
        .collect();
    for rule in &design.rules {
        if let Rule::ForeignKey {
            name,
            columns,
            ref_table,
            ref_columns,
            on_delete,
        } = rule
        {
            fks.push((
                name.as_deref(),
                columns.clone(),
                ref_table,
                ref_columns.clone(),
                *on_delete,
            ));
        }
    }
    let mut out = Vec::new();
    for (name, columns, ref_table, ref_columns, on_delete) in fks {
        let Some(parent) = designs.get(ref_table) else {
            continue;
        };
        let (Some(local), Some(remote)) =
            (positions(design, &columns), positions(parent, &ref_columns))
        else {
            continue;
        };
        let Some(rows) = db.keyed_rows(table) else {
            continue;
        };
        let present: HashSet<Vec<&Value>> = db
            .rows(ref_table)
            .map(|row| remote.iter().filter_map(|i| row.get(*i)).collect())
            .collect();
        for (key, row) in rows {
            let tuple: Vec<&Value> = local.iter().filter_map(|i| row.get(*i)).collect();
            if tuple.iter().any(|v| v.is_null()) || present.contains(&tuple) {
                continue;
            }
            let parent_side = before.is_some_and(|saved| saved.row(table, key) == Some(row));
            let message = if parent_side {
                dialect.foreign_key_restrict(ref_table, name, table)
            } else {
                dialect.foreign_key_violation(table, name, &columns, &tuple_text(&tuple), ref_table)
            };
            out.push(Dangling {
                message,
                key: key.clone(),
                on_delete,
                columns: local.clone(),
                parent_side,
            });
        }
    }
    out
}

/// After a statement that changed rows: ON DELETE CASCADE / SET NULL of the engine's
/// foreign keys, repeated until nothing changes, then every table checked. `before`
/// holds the tables as they were before the statement.
pub(crate) fn after_write(
    db: &mut Database,
    designs: &HashMap<String, Design>,
    dialect: Dialect,
    before: &Saved,
) -> Checked {
    for _ in 0..32 {
        let mut changed = false;
        for design in designs.values() {
            let found = dangling(db, design, designs, dialect, Some(before));
            let mut deletes = Vec::new();
            let mut nulls = Vec::new();
            for d in found {
                match (d.parent_side, d.on_delete) {
                    (true, OnDelete::Cascade) => deletes.push(d.key),
                    (true, OnDelete::SetNull) => nulls.push((d.key, d.columns)),
                    _ => {
                        return Checked {
                            violation: Some(d.message),
                            unchecked: Vec::new(),
                        }
                    }
                }
            }
            if !deletes.is_empty() {
                db.delete_keys(&design.name, &deletes);
                changed = true;
            }
            if !nulls.is_empty() {
                let rows = db.keyed_rows(&design.name).cloned().unwrap_or_default();
                let mut updated = Vec::new();
                for (key, columns) in nulls {
                    if let Some(mut row) = rows.get(&key).cloned() {
                        for c in columns {
                            if let Some(v) = row.get_mut(c) {
                                *v = Value::Null;
                            }
                        }
                        updated.push((key, row));
                    }
                }
                // SET NULL on a NOT NULL column fails as the database's would.
                for (_, row) in &updated {
                    for (i, v) in row.iter().enumerate() {
                        if v.is_null() && design.columns.get(i).is_some_and(|c| !c.nullable) {
                            let column = design.columns[i].name.clone();
                            return Checked {
                                violation: Some(dialect.not_null_violation(&design.name, &column)),
                                unchecked: Vec::new(),
                            };
                        }
                    }
                }
                db.put_rows(&design.name, updated);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut all = Checked::default();
    let mut names: Vec<&String> = designs.keys().collect();
    names.sort();
    for name in names {
        let Some(design) = designs.get(name) else {
            continue;
        };
        let checked = check_table(db, design, designs, dialect, true);
        all.unchecked.extend(checked.unchecked);
        if checked.violation.is_some() {
            all.violation = checked.violation;
            return all;
        }
    }
    all
}
