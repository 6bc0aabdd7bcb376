//! From a catalog table to what GlueSQL holds: the table's GlueSQL columns and
//! foreign keys (what GlueSQL enforces itself) and the [`Rule`]s the engine enforces
//! after each write (what it cannot).
//!
//! Measured on GlueSQL 0.20 (see `tests/gluesql_gaps.rs`): only single-column PRIMARY
//! KEY / UNIQUE column options, not on FLOAT or MAP columns; only single-column
//! FOREIGN KEYs, to the referenced table's single-column PRIMARY KEY, of the same type,
//! NO ACTION only; no CHECK; no indexes in memory storage.

use gluesql_core::ast::{ColumnDef, ColumnUniqueOption, DataType, ForeignKey, ReferentialAction};
use gluesql_core::parse_sql::parse_expr;
use gluesql_core::translate::translate_expr;
use retort_catalog::{Catalog, CatalogColumn, QualifiedName, Table};
use retort_ir::{IndexElement, Value};

use crate::types::{self, ValueRule};
use crate::Dialect;

/// The constant `now()` / `CURRENT_TIMESTAMP` evaluate to: a frozen clock, so that a
/// second upgrade writes what the first one wrote.
pub(crate) const FROZEN_NOW: &str = "2000-01-01 00:00:00";

/// The GlueSQL table name of a catalog table: `schema.name` for other schemas.
pub(crate) fn physical_name(key: &QualifiedName) -> String {
    match &key.schema {
        Some(schema) => format!("{schema}.{}", key.name),
        None => key.name.clone(),
    }
}

/// `ON DELETE` of a foreign key the engine enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OnDelete {
    /// NO ACTION / RESTRICT: refuse.
    Restrict,
    /// CASCADE: delete the referring rows.
    Cascade,
    /// SET NULL: clear the referring columns.
    SetNull,
}

/// A constraint the engine checks itself after each write.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rule {
    /// Composite primary keys, unique constraints GlueSQL cannot hold, unique indexes.
    Unique {
        /// The constraint or index name.
        name: Option<String>,
        /// Its columns.
        columns: Vec<String>,
        /// A partial index's condition.
        where_: Option<String>,
    },
    /// A CHECK constraint.
    Check {
        /// Its name.
        name: Option<String>,
        /// The condition, as SQL.
        sql: String,
    },
    /// A foreign key GlueSQL cannot hold (composite, not to the primary key, CASCADE…).
    ForeignKey {
        /// Its name.
        name: Option<String>,
        /// Local columns.
        columns: Vec<String>,
        /// The referenced GlueSQL table.
        ref_table: String,
        /// Referenced columns.
        ref_columns: Vec<String>,
        /// What a delete of the referenced row does.
        on_delete: OnDelete,
    },
    /// A column's value rule (string length, enum labels).
    Value {
        /// The column.
        column: String,
        /// The rule.
        rule: ValueRule,
    },
}

/// What GlueSQL should hold for one catalog table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Design {
    /// The GlueSQL table name.
    pub name: String,
    /// Columns as GlueSQL defines them.
    pub columns: Vec<ColumnDef>,
    /// Foreign keys GlueSQL enforces.
    pub foreign_keys: Vec<ForeignKey>,
    /// What the engine enforces.
    pub rules: Vec<Rule>,
    /// Server defaults the engine cannot evaluate: (column, default as written).
    pub unsupported_defaults: Vec<(String, String)>,
}

impl Design {
    /// `CREATE TABLE` for GlueSQL, under `name`.
    pub fn create_sql(&self, name: &str) -> String {
        let body = self
            .columns
            .iter()
            .map(column_sql)
            .chain(self.foreign_keys.iter().map(|fk| {
                let mut fk = fk.clone();
                if fk.referenced_table_name == self.name {
                    fk.referenced_table_name = name.to_owned();
                }
                foreign_key_sql(&fk)
            }))
            .collect::<Vec<_>>()
            .join(", ");
        format!("CREATE TABLE {} ({body})", ident(name))
    }

    /// The column `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A quoted identifier.
pub(crate) fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A column definition for GlueSQL's DDL. GlueSQL's own `ColumnDef::to_sql` writes the
/// name between double quotes without doubling the ones inside it (a column named
/// `a"b` would end the statement early), so the name is quoted here.
pub(crate) fn column_sql(column: &ColumnDef) -> String {
    use gluesql_core::ast::ToSql;
    let sql = column.to_sql();
    let rest = sql
        .strip_prefix(&format!("\"{}\"", column.name))
        .unwrap_or(&sql);
    format!("{}{rest}", ident(&column.name))
}

/// A foreign key clause for GlueSQL's DDL, its names quoted (see [`column_sql`]).
fn foreign_key_sql(fk: &ForeignKey) -> String {
    format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
        ident(&fk.name),
        ident(&fk.referencing_column_name),
        ident(&fk.referenced_table_name),
        ident(&fk.referenced_column_name),
        fk.on_delete,
        fk.on_update
    )
}

/// A quoted string literal.
pub(crate) fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn can_be_unique(data_type: &DataType) -> bool {
    !matches!(
        data_type,
        DataType::Float | DataType::Float32 | DataType::Map | DataType::List | DataType::Point
    )
}

/// The GlueSQL type of `column` of `table`; a column without a type takes the type of
/// the column its foreign key refers to, as SQLAlchemy does.
pub(crate) fn column_type(
    catalog: &Catalog,
    table: &Table,
    column: &str,
    dialect: Dialect,
) -> types::Physical {
    let Some(col) = table.column(column) else {
        return types::physical(None, dialect);
    };
    if col.type_.is_none() {
        for fk in &table.foreign_keys {
            if let Some(i) = fk.columns.iter().position(|c| c == column) {
                let target = catalog.table(fk.ref_schema.as_deref(), &fk.ref_table);
                if let (Some(target), Some(ref_col)) = (target, fk.ref_columns.get(i)) {
                    if target.key() != table.key() || ref_col != column {
                        let mut p = column_type(catalog, target, ref_col, dialect);
                        p.rule = None;
                        return p;
                    }
                }
            }
        }
    }
    types::physical(col.type_.as_ref(), dialect)
}

/// On a database with named enum types (PostgreSQL), the labels a column takes: those
/// of the type it holds its values in, as the catalog has them now (`ALTER TYPE … ADD
/// VALUE` changes them; the labels the column was declared with do not).
fn named_enum_rule(
    catalog: &Catalog,
    table: &Table,
    column: &CatalogColumn,
    dialect: Dialect,
) -> Option<ValueRule> {
    if !dialect.has_named_enum_types() {
        return None;
    }
    let key = retort_catalog::enum_type_key(column.type_.as_ref()?, table.schema.as_deref())?;
    let labels = catalog
        .enum_type(key.schema.as_deref(), &key.name)?
        .labels
        .clone()?;
    Some(ValueRule::Labels {
        name: key.name,
        labels,
    })
}

/// The single-column primary key GlueSQL holds for `table`, when it can.
fn native_primary_key(catalog: &Catalog, table: &Table, dialect: Dialect) -> Option<String> {
    let pk = table.primary_key.as_ref()?;
    let [column] = pk.columns.as_slice() else {
        return None;
    };
    table.column(column)?;
    can_be_unique(&column_type(catalog, table, column, dialect).data_type).then(|| column.clone())
}

/// What GlueSQL and the engine hold for `table`.
pub(crate) fn design(catalog: &Catalog, table: &Table, dialect: Dialect) -> Design {
    let name = physical_name(&table.key());
    let pk_native = native_primary_key(catalog, table, dialect);
    let mut rules = Vec::new();
    let mut unsupported_defaults = Vec::new();
    let mut native_unique: Vec<String> = Vec::new();

    if let Some(pk) = &table.primary_key {
        if pk_native.is_none() && !pk.columns.is_empty() {
            rules.push(Rule::Unique {
                name: pk.name.clone(),
                columns: pk.columns.clone(),
                where_: None,
            });
        }
    }
    for unique in &table.uniques {
        let single = match unique.columns.as_slice() {
            [c] if pk_native.as_deref() != Some(c.as_str())
                && !native_unique.contains(c)
                && table.column(c).is_some()
                && can_be_unique(&column_type(catalog, table, c, dialect).data_type) =>
            {
                Some(c.clone())
            }
            _ => None,
        };
        match single {
            Some(c) => native_unique.push(c),
            None => rules.push(Rule::Unique {
                name: unique.name.clone(),
                columns: unique.columns.clone(),
                where_: None,
            }),
        }
    }
    for index in table.indexes.iter().filter(|i| i.unique) {
        let columns: Vec<String> = index
            .elements
            .iter()
            .map(|e| match e {
                IndexElement::Column(c) => c.clone(),
                IndexElement::Expression(x) => x.clone(),
            })
            .collect();
        rules.push(Rule::Unique {
            name: index.name.clone(),
            columns,
            where_: index.where_.clone(),
        });
    }
    for check in &table.checks {
        rules.push(Rule::Check {
            name: check.name.clone(),
            sql: check.sqltext.clone(),
        });
    }

    let mut columns = Vec::with_capacity(table.columns.len());
    for col in &table.columns {
        let phys = column_type(catalog, table, &col.name, dialect);
        if let Some(rule) = named_enum_rule(catalog, table, col, dialect).or(phys.rule.clone()) {
            rules.push(Rule::Value {
                column: col.name.clone(),
                rule,
            });
        }
        let default = match &col.server_default {
            None => None,
            Some(value) => match default_sql(value, &phys.data_type) {
                Some(sql) => match parse_expr(&sql).and_then(|e| translate_expr(&e, &[])) {
                    Ok(expr) => Some(expr),
                    Err(_) => {
                        unsupported_defaults
                            .push((col.name.clone(), retort_catalog::value_repr(value)));
                        None
                    }
                },
                None => {
                    unsupported_defaults
                        .push((col.name.clone(), retort_catalog::value_repr(value)));
                    None
                }
            },
        };
        let unique = if pk_native.as_deref() == Some(col.name.as_str()) {
            Some(ColumnUniqueOption { is_primary: true })
        } else if native_unique.contains(&col.name) {
            Some(ColumnUniqueOption { is_primary: false })
        } else {
            None
        };
        columns.push(ColumnDef {
            name: col.name.clone(),
            data_type: phys.data_type,
            nullable: col.nullable && unique.is_none_or(|u| !u.is_primary),
            default,
            unique,
            comment: None,
        });
    }

    let mut foreign_keys = Vec::new();
    if dialect.enforces_foreign_keys() {
        for fk in &table.foreign_keys {
            let on_delete = match fk.ondelete.as_deref().map(str::to_uppercase).as_deref() {
                Some("CASCADE") => OnDelete::Cascade,
                Some("SET NULL") => OnDelete::SetNull,
                _ => OnDelete::Restrict,
            };
            let on_update_plain = matches!(
                fk.onupdate.as_deref().map(str::to_uppercase).as_deref(),
                None | Some("NO ACTION" | "RESTRICT")
            );
            let ref_key = fk.ref_key();
            let native = match (fk.columns.as_slice(), fk.ref_columns.as_slice()) {
                ([local], [remote])
                    if on_delete == OnDelete::Restrict
                        && on_update_plain
                        && fk.deferrable != Some(true) =>
                {
                    let target = if ref_key == table.key() {
                        Some(table)
                    } else {
                        catalog.table(ref_key.schema.as_deref(), &ref_key.name)
                    };
                    target.is_some_and(|target| {
                        native_primary_key(catalog, target, dialect).as_deref()
                            == Some(remote.as_str())
                            && column_type(catalog, table, local, dialect).data_type
                                == column_type(catalog, target, remote, dialect).data_type
                            && table.column(local).is_some()
                    })
                }
                _ => false,
            };
            if native {
                foreign_keys.push(ForeignKey {
                    name: fk
                        .name
                        .clone()
                        .unwrap_or_else(|| format!("{}_{}_fkey", table.name, fk.columns.join("_"))),
                    referencing_column_name: fk.columns[0].clone(),
                    referenced_table_name: physical_name(&ref_key),
                    referenced_column_name: fk.ref_columns[0].clone(),
                    on_delete: ReferentialAction::NoAction,
                    on_update: ReferentialAction::NoAction,
                });
            } else {
                rules.push(Rule::ForeignKey {
                    name: fk.name.clone(),
                    columns: fk.columns.clone(),
                    ref_table: physical_name(&ref_key),
                    ref_columns: fk.ref_columns.clone(),
                    on_delete,
                });
            }
        }
    }
    Design {
        name,
        columns,
        foreign_keys,
        rules,
        unsupported_defaults,
    }
}

/// A server default as a GlueSQL expression of the column's type; `None` when the
/// engine cannot evaluate it.
pub(crate) fn default_sql(value: &Value, data_type: &DataType) -> Option<String> {
    match value {
        Value::Str(s) => typed_literal(s, data_type),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Value::None => Some("NULL".to_owned()),
        Value::Keyword(k) => match k.to_lowercase().as_str() {
            "true" => Some("TRUE".to_owned()),
            "false" => Some("FALSE".to_owned()),
            "null" => Some("NULL".to_owned()),
            _ => None,
        },
        Value::Func { name, args } if args.is_empty() => function_default(name, data_type),
        Value::Text(sql) => text_default(sql, data_type),
        Value::InlineLiteral(inner) => default_sql(inner, data_type),
        _ => None,
    }
}

/// `sa.text("…")` defaults: literals, casts of literals, and the clock / uuid functions.
fn text_default(sql: &str, data_type: &DataType) -> Option<String> {
    let mut sql = sql.trim();
    // `'{}'::jsonb`, `0::integer`: the cast is the column's own type.
    if let Some(at) = sql.rfind("::") {
        if !sql[at + 2..].contains(['\'', ')']) {
            sql = sql[..at].trim();
        }
    }
    while let Some(inner) = sql.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        sql = inner.trim();
    }
    if let Some(inner) = sql.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return typed_literal(&inner.replace("''", "'"), data_type);
    }
    let lower = sql.to_lowercase();
    match lower.as_str() {
        "true" | "false" | "null" => return Some(lower.to_uppercase()),
        _ => {}
    }
    if sql.parse::<f64>().is_ok() {
        return typed_literal(sql, data_type);
    }
    let name = lower.strip_suffix("()").unwrap_or(&lower);
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return function_default(name, data_type);
    }
    None
}

fn function_default(name: &str, data_type: &DataType) -> Option<String> {
    match name.to_lowercase().as_str() {
        "now"
        | "current_timestamp"
        | "localtimestamp"
        | "statement_timestamp"
        | "transaction_timestamp"
        | "clock_timestamp"
        | "utc_timestamp"
        | "getdate"
        | "sysdate" => typed_literal(FROZEN_NOW, data_type),
        "current_date" | "curdate" => typed_literal(&FROZEN_NOW[..10], data_type),
        "current_time" | "curtime" | "localtime" => typed_literal(&FROZEN_NOW[11..], data_type),
        uuid if crate::volatile::is_uuid_function(uuid) => Some("GENERATE_UUID()".to_owned()),
        _ => None,
    }
}

/// `text` as a literal of `data_type` (PostgreSQL casts a quoted default to the column type).
pub(crate) fn typed_literal(text: &str, data_type: &DataType) -> Option<String> {
    let t = text.trim();
    match data_type {
        d if types::is_integer(d) => t.parse::<i128>().ok().map(|i| i.to_string()),
        DataType::Float | DataType::Float32 | DataType::Decimal => {
            t.parse::<f64>().ok().map(|_| t.to_owned())
        }
        DataType::Boolean => match t.to_lowercase().as_str() {
            "1" | "t" | "true" | "y" | "yes" | "on" => Some("TRUE".to_owned()),
            "0" | "f" | "false" | "n" | "no" | "off" => Some("FALSE".to_owned()),
            _ => None,
        },
        DataType::Date => Some(literal(t.get(..10).unwrap_or(t))),
        DataType::Timestamp => Some(format!("TIMESTAMP {}", literal(t))),
        DataType::Interval => None,
        _ => Some(literal(text)),
    }
}
