//! Sample rows generated from a table's catalog definition: values of each column's
//! type that fit its length and enum labels, distinct under its unique keys, and
//! foreign keys that point at rows of the referenced table.

use std::collections::HashSet;

use gluesql_core::ast::{DataType, ToSql};
use gluesql_core::data::Value;
use retort_catalog::{Catalog, Table};

use crate::physical::{ident, literal, Design, Rule};
use crate::types::ValueRule;

/// The tables of `catalog` in an order where referenced tables come first (cycles and
/// self references broken where they close).
pub(crate) fn dependency_order(catalog: &Catalog) -> Vec<&Table> {
    let tables: Vec<&Table> = catalog.tables().collect();
    let mut done: Vec<bool> = vec![false; tables.len()];
    let mut out = Vec::with_capacity(tables.len());
    fn visit<'a>(
        i: usize,
        tables: &[&'a Table],
        done: &mut [bool],
        active: &mut Vec<usize>,
        out: &mut Vec<&'a Table>,
    ) {
        if done[i] || active.contains(&i) {
            return;
        }
        active.push(i);
        for fk in &tables[i].foreign_keys {
            let target = fk.ref_key();
            if let Some(j) = tables.iter().position(|t| t.key() == target) {
                visit(j, tables, done, active, out);
            }
        }
        active.pop();
        done[i] = true;
        out.push(tables[i]);
    }
    let mut active = Vec::new();
    for i in 0..tables.len() {
        visit(i, &tables, &mut done, &mut active, &mut out);
    }
    out
}

/// The rows of a GlueSQL table, each with the table's column names.
pub(crate) type ParentRows<'a> = dyn Fn(&str) -> Vec<(Vec<String>, Vec<Value>)> + 'a;

/// One generated row: `(column, SQL literal)` pairs.
pub(crate) type SampleRow = Vec<(String, String)>;

/// The `n`th sample row of `table` (`n` from 1), given the rows of the tables it refers
/// to; `None` when a NOT NULL foreign key has nothing to point at. With `sparse`,
/// nullable columns outside keys are left NULL (a second try when a CHECK fails).
pub(crate) fn row(
    table: &Table,
    design: &Design,
    n: u64,
    sparse: bool,
    parent_rows: &ParentRows<'_>,
) -> Option<SampleRow> {
    let mut out: SampleRow = Vec::with_capacity(design.columns.len());
    let mut from_fk: Vec<(String, String)> = Vec::new();
    for fk in &table.foreign_keys {
        let parent = crate::physical::physical_name(&fk.ref_key());
        let rows = parent_rows(&parent);
        let nullable = fk
            .columns
            .iter()
            .all(|c| table.column(c).is_some_and(|col| col.nullable));
        let self_ref = fk.ref_key() == table.key();
        if rows.is_empty() || (self_ref && nullable) {
            if nullable {
                for c in &fk.columns {
                    from_fk.push((c.clone(), "NULL".to_owned()));
                }
                continue;
            }
            if self_ref {
                // A NOT NULL self reference points at the row itself.
                continue;
            }
            return None;
        }
        let usize_n = usize::try_from(n).unwrap_or(usize::MAX);
        let (names, values) = &rows[(usize_n.saturating_sub(1)) % rows.len()];
        for (local, remote) in fk.columns.iter().zip(&fk.ref_columns) {
            let at = names.iter().position(|c| c == remote)?;
            let v = values
                .get(at)
                .map_or_else(|| "NULL".to_owned(), ToSql::to_sql);
            from_fk.push((local.clone(), v));
        }
    }
    let key_columns: HashSet<&str> = key_columns(table, design);
    for col in &design.columns {
        if let Some((_, v)) = from_fk.iter().find(|(c, _)| *c == col.name) {
            out.push((col.name.clone(), v.clone()));
            continue;
        }
        let Some(cat) = table.column(&col.name) else {
            continue;
        };
        if cat.computed.is_some() {
            continue;
        }
        if sparse && col.nullable && !key_columns.contains(col.name.as_str()) {
            out.push((col.name.clone(), "NULL".to_owned()));
            continue;
        }
        let rule = design.rules.iter().find_map(|r| match r {
            Rule::Value { column, rule } if *column == col.name => Some(rule),
            _ => None,
        });
        let declared = cat.type_.as_ref().map(|t| t.name.to_uppercase());
        out.push((
            col.name.clone(),
            value(
                &col.name,
                &col.data_type,
                rule,
                declared.as_deref(),
                n,
                table
                    .primary_key
                    .as_ref()
                    .is_none_or(|pk| !pk.columns.contains(&col.name)),
            ),
        ));
    }
    // NOT NULL self references: the row's own key values.
    for fk in &table.foreign_keys {
        if fk.ref_key() != table.key() {
            continue;
        }
        for (local, remote) in fk.columns.iter().zip(&fk.ref_columns) {
            if out.iter().any(|(c, _)| c == local) {
                continue;
            }
            let v = out
                .iter()
                .find(|(c, _)| c == remote)
                .map_or_else(|| "NULL".to_owned(), |(_, v)| v.clone());
            let at = design
                .columns
                .iter()
                .position(|c| c.name == *local)
                .unwrap_or(out.len());
            out.insert(at.min(out.len()), (local.clone(), v));
        }
    }
    Some(out)
}

/// Columns in the primary key, a unique key or a foreign key.
fn key_columns<'a>(table: &'a Table, design: &'a Design) -> HashSet<&'a str> {
    let mut out: HashSet<&str> = HashSet::new();
    if let Some(pk) = &table.primary_key {
        out.extend(pk.columns.iter().map(String::as_str));
    }
    for u in &table.uniques {
        out.extend(u.columns.iter().map(String::as_str));
    }
    for fk in &table.foreign_keys {
        out.extend(fk.columns.iter().map(String::as_str));
    }
    for c in &design.columns {
        if c.unique.is_some() {
            out.insert(c.name.as_str());
        }
    }
    out
}

/// A number from 1 to 50 that differs between most column names, so that two columns
/// of the same type do not hold the same sample values (which would make a lost column
/// look kept in another).
fn salt(column: &str) -> u64 {
    fnv1a(column.as_bytes(), FNV_OFFSET) % 50 + 1
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a over `bytes` from `basis`: a hash that is the same on every platform and
/// every Rust version (std's hasher is not), for values that must come out the same.
pub(crate) fn fnv1a(bytes: &[u8], basis: u64) -> u64 {
    let mut h = basis;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The `n`th value for a column of `data_type`; `salted` (every column but an integer
/// primary key) shifts it by the column's [`salt`].
fn value(
    column: &str,
    data_type: &DataType,
    rule: Option<&ValueRule>,
    declared: Option<&str>,
    n: u64,
    salted: bool,
) -> String {
    let salt = if salted { salt(column) } else { 0 };
    let small = n % 100;
    match data_type {
        DataType::Boolean => if (n + salt) % 2 == 1 { "TRUE" } else { "FALSE" }.to_owned(),
        DataType::Int8 | DataType::Uint8 => ((n + salt) % 120).to_string(),
        DataType::Int16
        | DataType::Int32
        | DataType::Int
        | DataType::Int128
        | DataType::Uint16
        | DataType::Uint32
        | DataType::Uint64
        | DataType::Uint128 => (n + 100 * salt).to_string(),
        DataType::Float | DataType::Float32 => format!("{}.5", n + 100 * salt),
        DataType::Decimal => match rule {
            // Within NUMERIC(p, s): fewer digits before the point, some after it.
            Some(ValueRule::Numeric { precision, scale }) => {
                let whole_digits = precision.saturating_sub(*scale).min(18);
                let whole = (n + 100 * salt) % 10_u64.pow(whole_digits);
                match (*scale).min(6) {
                    0 => whole.to_string(),
                    digits => format!(
                        "{whole}.{:0digits$}",
                        n % 10_u64.pow(digits),
                        digits = digits as usize
                    ),
                }
            }
            _ => (n + 100 * salt).to_string(),
        },
        DataType::Date => literal(&format!("2024-{:02}-{:02}", 1 + salt % 12, 1 + small % 28)),
        DataType::Timestamp => format!(
            "TIMESTAMP {}",
            literal(&format!(
                "2024-{:02}-{:02} {:02}:00:00",
                1 + salt % 12,
                1 + (n / 24) % 28,
                n % 24
            ))
        ),
        DataType::Time => literal(&format!("{:02}:{:02}:00", n / 60 % 24, n % 60)),
        DataType::Interval => format!("INTERVAL '{n}' DAY"),
        DataType::Uuid => literal(&format!("{salt:08x}-0000-4000-8000-{n:012x}")),
        DataType::Bytea => format!("X'{:02x}'", n % 256),
        DataType::Inet => literal(&format!("10.0.{}.{}", n / 250 % 250, n % 250 + 1)),
        DataType::List => literal(&format!("[{n}]")),
        DataType::Map => literal(&format!("{{\"n\": {n}}}")),
        DataType::Point => format!("POINT({n} {n})"),
        DataType::Text => match rule {
            Some(ValueRule::Labels { labels, .. }) if !labels.is_empty() => {
                let i = usize::try_from(n.saturating_sub(1)).unwrap_or(0) % labels.len();
                literal(&labels[i])
            }
            _ if matches!(declared, Some("JSON" | "JSONB")) => literal(&format!("{{\"n\": {n}}}")),
            Some(ValueRule::MaxLength { length, .. }) => {
                let full = format!("{column}_{n}");
                let max = usize::try_from(*length).unwrap_or(0);
                if full.chars().count() <= max {
                    literal(&full)
                } else {
                    let short = n.to_string();
                    literal(
                        &short
                            .chars()
                            .rev()
                            .take(max.max(1))
                            .collect::<String>()
                            .chars()
                            .rev()
                            .collect::<String>(),
                    )
                }
            }
            _ => literal(&format!("{column}_{n}")),
        },
    }
}

/// `INSERT INTO t (…) VALUES (…)` for one sample row.
pub(crate) fn insert_sql(table: &str, row: &SampleRow) -> String {
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        ident(table),
        row.iter()
            .map(|(c, _)| ident(c))
            .collect::<Vec<_>>()
            .join(", "),
        row.iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}
