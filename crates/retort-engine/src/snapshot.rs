//! The engine's state as plain serialisable data: the catalog, GlueSQL's tables with
//! their rows, and the sample-row counters. What the engine derives (designs) is
//! derived again on restore.

use std::collections::{BTreeMap, HashMap, HashSet};

use gluesql_core::data::{Key, Schema, Value};
use gluesql_memory_storage::{Item, MemoryStorage};
use retort_catalog::{ApplyContext, Catalog};
use serde::{Deserialize, Serialize};

use crate::db::Database;
use crate::engine::{Engine, EngineOptions};
use crate::enum_type::Transaction;
use crate::physical::{design, physical_name};
use crate::volatile::Sequences;

/// The snapshot format; bumped when it changes.
const FORMAT: u32 = 1;

/// A GlueSQL table with its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct TableState {
    schema: Schema,
    rows: Vec<(Key, Vec<Value>)>,
}

/// Everything needed to put an engine back as it was (serde: JSON in the CLI's
/// `--db` file, the web app's saved workspace).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    format: u32,
    options: EngineOptions,
    catalog: Catalog,
    tables: Vec<TableState>,
    id_counter: i64,
    seq: BTreeMap<String, u64>,
    /// Sequences (`CREATE SEQUENCE`); absent from snapshots taken before they existed.
    #[serde(default)]
    sequences: Sequences,
}

impl Engine {
    /// The engine's state.
    pub fn snapshot(&self) -> Snapshot {
        let storage = self.db.storage();
        let mut names: Vec<&String> = storage.items.keys().collect();
        names.sort();
        Snapshot {
            format: FORMAT,
            options: self.options.clone(),
            catalog: self.catalog.clone(),
            tables: names
                .into_iter()
                .filter_map(|n| storage.items.get(n))
                .map(|item| TableState {
                    schema: item.schema.clone(),
                    rows: item
                        .rows
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
                .collect(),
            id_counter: storage.id_counter,
            seq: self.seq.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            sequences: self.sequences.clone(),
        }
    }

    /// An engine in the state of `snapshot`; `Err` for a snapshot of another format.
    pub fn restore(snapshot: Snapshot) -> Result<Self, String> {
        if snapshot.format != FORMAT {
            return Err(format!(
                "the database file has format {}, this retort reads format {FORMAT}",
                snapshot.format
            ));
        }
        let mut storage = MemoryStorage {
            id_counter: snapshot.id_counter,
            ..MemoryStorage::default()
        };
        for table in snapshot.tables {
            storage.items.insert(
                table.schema.table_name.clone(),
                Item {
                    schema: table.schema,
                    rows: table.rows.into_iter().collect(),
                },
            );
        }
        let dialect = snapshot.options.dialect;
        let mut ctx = ApplyContext::new(dialect.name());
        ctx.naming_convention = snapshot.options.naming_convention.clone();
        let designs: HashMap<_, _> = snapshot
            .catalog
            .tables()
            .map(|t| {
                (
                    physical_name(&t.key()),
                    design(&snapshot.catalog, t, dialect),
                )
            })
            .collect();
        let mut engine = Self {
            options: snapshot.options,
            ctx,
            catalog: snapshot.catalog,
            db: Database::from_storage(storage),
            designs,
            seq: snapshot.seq.into_iter().collect(),
            noted: HashSet::new(),
            txn: Transaction::default(),
            sequences: snapshot.sequences,
            unfollowed: None,
        };
        // A snapshot is taken between commands: nothing is uncommitted.
        engine.commit();
        Ok(engine)
    }
}

impl Snapshot {
    /// The options of the engine it was taken from.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }
}
