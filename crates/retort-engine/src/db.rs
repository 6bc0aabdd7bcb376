//! The GlueSQL database: statements, and the table moves GlueSQL lacks.
//!
//! Everything that changes rows goes through GlueSQL statements, so GlueSQL validates
//! it (types, NOT NULL, its keys and foreign keys). Two things happen on the storage
//! directly, because GlueSQL has no statement for them and a real database does them
//! without touching rows: putting a rebuilt table in the place of the old one (the
//! last step of a move-and-copy), and making foreign keys follow a renamed table or
//! column (PostgreSQL's keys refer to objects, not names; GlueSQL's `RENAME TO`
//! leaves them dangling).

use std::collections::BTreeMap;

use gluesql_core::ast::ColumnDef;
use gluesql_core::data::{Key, Schema, Value};
use gluesql_core::error::Error;
use gluesql_core::executor::{EvaluateError, Payload, UpdateError};
use gluesql_core::prelude::Glue;
use gluesql_memory_storage::{Item, MemoryStorage};

use crate::physical::{column_sql, ident, Design};

/// Why GlueSQL did not run a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DbError {
    /// GlueSQL cannot run this kind of statement (syntax, a feature it lacks).
    Unsupported(String),
    /// The statement ran into the data or the schema, as on a real database.
    Failed(String),
}

impl DbError {
    /// The message.
    pub fn message(&self) -> &str {
        match self {
            DbError::Unsupported(m) | DbError::Failed(m) => m,
        }
    }
}

fn classify(error: Error) -> DbError {
    let text = error.to_string();
    match error {
        Error::Parser(_) | Error::Translate(_) | Error::Planner(_) => DbError::Unsupported(text),
        Error::Update(UpdateError::UpdateOnPrimaryKeyNotSupported(_)) => DbError::Unsupported(text),
        Error::Evaluate(
            EvaluateError::UnsupportedFunction(_) | EvaluateError::UnsupportedCustomFunction,
        ) => DbError::Unsupported(text),
        _ => DbError::Failed(text),
    }
}

/// The rows and GlueSQL schemas of some tables, kept to put back after a failed step.
#[derive(Debug, Clone)]
pub(crate) struct Saved(Vec<(String, Option<Item>)>);

impl Saved {
    /// The row `key` of `table` as it was.
    pub fn row(&self, table: &str, key: &Key) -> Option<&Vec<Value>> {
        self.0
            .iter()
            .find(|(t, _)| t == table)?
            .1
            .as_ref()?
            .rows
            .get(key)
    }
}

/// GlueSQL with memory storage.
#[derive(Debug)]
pub(crate) struct Database {
    glue: Glue<MemoryStorage>,
}

impl Clone for Database {
    fn clone(&self) -> Self {
        Self {
            glue: Glue::new(self.glue.storage.clone()),
        }
    }
}

impl Default for Database {
    fn default() -> Self {
        Self {
            glue: Glue::new(MemoryStorage::default()),
        }
    }
}

impl Database {
    /// A database over `storage`.
    pub fn from_storage(storage: MemoryStorage) -> Self {
        Self {
            glue: Glue::new(storage),
        }
    }

    /// The storage.
    pub fn storage(&self) -> &MemoryStorage {
        &self.glue.storage
    }

    /// Runs SQL (one or more statements).
    pub fn execute(&mut self, sql: &str) -> Result<Vec<Payload>, DbError> {
        self.glue.execute(sql).map_err(classify)
    }

    /// The GlueSQL schema of `table`.
    pub fn schema(&self, table: &str) -> Option<&Schema> {
        self.glue.storage.items.get(table).map(|i| &i.schema)
    }

    /// The GlueSQL table names, sorted.
    pub fn table_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.glue.storage.items.keys().cloned().collect();
        names.sort();
        names
    }

    /// The rows of `table`, in key order.
    pub fn rows(&self, table: &str) -> impl Iterator<Item = &Vec<Value>> {
        self.glue
            .storage
            .items
            .get(table)
            .into_iter()
            .flat_map(|i| i.rows.values())
    }

    /// The rows of `table` with their storage keys.
    pub fn keyed_rows(&self, table: &str) -> Option<&BTreeMap<Key, Vec<Value>>> {
        self.glue.storage.items.get(table).map(|i| &i.rows)
    }

    /// How many rows `table` has.
    pub fn row_count(&self, table: &str) -> usize {
        self.glue
            .storage
            .items
            .get(table)
            .map_or(0, |i| i.rows.len())
    }

    /// Removes rows by key: the engine's ON DELETE CASCADE.
    pub fn delete_keys(&mut self, table: &str, keys: &[Key]) {
        if let Some(item) = self.glue.storage.items.get_mut(table) {
            for key in keys {
                item.rows.remove(key);
            }
        }
    }

    /// Replaces rows by key: the engine's ON DELETE SET NULL.
    pub fn put_rows(&mut self, table: &str, rows: Vec<(Key, Vec<Value>)>) {
        if let Some(item) = self.glue.storage.items.get_mut(table) {
            for (key, row) in rows {
                item.rows.insert(key, row);
            }
        }
    }

    /// Keeps every table as it is.
    pub fn save_all(&self) -> Saved {
        Saved(
            self.glue
                .storage
                .items
                .iter()
                .map(|(k, v)| (k.clone(), Some(v.clone())))
                .collect(),
        )
    }

    /// Keeps `tables` as they are, to [`restore`](Self::restore) after a failure.
    pub fn save(&self, tables: &[String]) -> Saved {
        Saved(
            tables
                .iter()
                .map(|t| (t.clone(), self.glue.storage.items.get(t).cloned()))
                .collect(),
        )
    }

    /// Puts back what [`save`](Self::save) kept.
    pub fn restore(&mut self, saved: Saved) {
        for (name, item) in saved.0.into_iter().rev() {
            match item {
                Some(item) => {
                    self.glue.storage.items.insert(name, item);
                }
                None => {
                    self.glue.storage.items.remove(&name);
                }
            }
        }
    }

    /// `CREATE TABLE` for a design.
    pub fn create(&mut self, design: &Design) -> Result<(), DbError> {
        self.execute(&design.create_sql(&design.name)).map(drop)
    }

    /// `DROP TABLE`.
    pub fn drop_table(&mut self, table: &str) -> Result<(), DbError> {
        self.execute(&format!("DROP TABLE {}", ident(table)))
            .map(drop)
    }

    /// `ALTER TABLE … RENAME TO …`, foreign keys elsewhere following the table.
    pub fn rename_table(&mut self, old: &str, new: &str) -> Result<(), DbError> {
        self.execute(&format!(
            "ALTER TABLE {} RENAME TO {}",
            ident(old),
            ident(new)
        ))?;
        self.retarget(old, new, &[]);
        Ok(())
    }

    /// `ALTER TABLE … ADD COLUMN …`.
    pub fn add_column(&mut self, table: &str, column: &ColumnDef) -> Result<(), DbError> {
        self.execute(&format!(
            "ALTER TABLE {} ADD COLUMN {}",
            ident(table),
            column_sql(column)
        ))
        .map(drop)
    }

    /// `ALTER TABLE … DROP COLUMN …`.
    pub fn drop_column(&mut self, table: &str, column: &str) -> Result<(), DbError> {
        self.execute(&format!(
            "ALTER TABLE {} DROP COLUMN {}",
            ident(table),
            ident(column)
        ))
        .map(drop)
    }

    /// `ALTER TABLE … RENAME COLUMN …`, foreign keys following the column.
    pub fn rename_column(&mut self, table: &str, old: &str, new: &str) -> Result<(), DbError> {
        self.execute(&format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            ident(table),
            ident(old),
            ident(new)
        ))?;
        self.retarget(table, table, &[(old.to_owned(), new.to_owned())]);
        Ok(())
    }

    /// Move and copy, as Alembic's batch mode does on SQLite: a new table with the
    /// design, the rows copied into it (each new column from `sources`: the old column
    /// it takes its values from, cast when the type changed; else the literal `fills`
    /// gives it; else its default), then the new table in the old one's place. GlueSQL
    /// validates every copied row.
    pub fn rebuild(
        &mut self,
        current: &str,
        design: &Design,
        sources: &[(String, String)],
        fills: &[(String, String)],
    ) -> Result<(), DbError> {
        let tmp = format!("__retort_new_{}", design.name);
        self.execute(&design.create_sql(&tmp))?;
        let old_types: Vec<(String, gluesql_core::ast::DataType)> = self
            .schema(current)
            .and_then(|s| s.column_defs.as_ref())
            .map(|defs| {
                defs.iter()
                    .map(|d| (d.name.clone(), d.data_type.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut targets = Vec::new();
        let mut exprs = Vec::new();
        for (new, old) in sources {
            let Some(def) = design.column(new) else {
                continue;
            };
            let Some((_, old_type)) = old_types.iter().find(|(n, _)| n == old) else {
                continue;
            };
            targets.push(ident(new));
            exprs.push(if *old_type == def.data_type {
                ident(old)
            } else {
                format!(
                    "CAST({} AS {})",
                    ident(old),
                    crate::types::sql_name(&def.data_type)
                )
            });
        }
        for (column, value) in fills {
            let Some(def) = design.column(column) else {
                continue;
            };
            targets.push(ident(column));
            // Typed: GlueSQL does not convert a bare literal in INSERT … SELECT.
            exprs.push(format!(
                "CAST({value} AS {})",
                crate::types::sql_name(&def.data_type)
            ));
        }
        // With no surviving column there is nothing to copy (PostgreSQL would keep
        // rows of zero columns; nothing can be compared in them anyway).
        if self.row_count(current) > 0 && !targets.is_empty() {
            let copy = format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                ident(&tmp),
                targets.join(", "),
                exprs.join(", "),
                ident(current)
            );
            if let Err(e) = self.execute(&copy) {
                self.glue.storage.items.remove(&tmp);
                return Err(e);
            }
        }
        let storage = &mut self.glue.storage;
        let Some(mut item) = storage.items.remove(&tmp) else {
            return Err(DbError::Failed(format!("table {tmp} vanished")));
        };
        item.schema.table_name = design.name.clone();
        for fk in &mut item.schema.foreign_keys {
            if fk.referenced_table_name == tmp {
                fk.referenced_table_name = design.name.clone();
            }
        }
        storage.items.remove(current);
        storage.items.insert(design.name.clone(), item);
        let renames: Vec<(String, String)> = sources
            .iter()
            .filter(|(new, old)| new != old)
            .map(|(new, old)| (old.clone(), new.clone()))
            .collect();
        self.retarget(current, &design.name, &renames);
        Ok(())
    }

    /// Foreign keys of every table that refer to `old_table` (columns renamed per
    /// `columns`) now refer to `new_table`.
    fn retarget(&mut self, old_table: &str, new_table: &str, columns: &[(String, String)]) {
        for item in self.glue.storage.items.values_mut() {
            for fk in &mut item.schema.foreign_keys {
                if fk.referenced_table_name == old_table {
                    fk.referenced_table_name = new_table.to_owned();
                    if let Some((_, new)) = columns
                        .iter()
                        .find(|(o, _)| *o == fk.referenced_column_name)
                    {
                        fk.referenced_column_name = new.clone();
                    }
                }
            }
            if item.schema.table_name == new_table {
                for fk in &mut item.schema.foreign_keys {
                    if let Some((_, new)) = columns
                        .iter()
                        .find(|(o, _)| *o == fk.referencing_column_name)
                    {
                        fk.referencing_column_name = new.clone();
                    }
                }
            }
        }
    }

    /// Drops the foreign keys GlueSQL holds that refer to `table`: a table that is
    /// going away on a database that does not check references (SQLite).
    pub fn forget_references_to(&mut self, table: &str) {
        for item in self.glue.storage.items.values_mut() {
            if item.schema.table_name != table {
                item.schema
                    .foreign_keys
                    .retain(|fk| fk.referenced_table_name != table);
            }
        }
    }

    /// Sets the foreign keys GlueSQL holds for `table` (rows untouched; the engine has
    /// checked them).
    pub fn set_foreign_keys(&mut self, table: &str, fks: Vec<gluesql_core::ast::ForeignKey>) {
        if let Some(item) = self.glue.storage.items.get_mut(table) {
            item.schema.foreign_keys = fks;
        }
    }
}
