//! Runs Alembic migrations for real in GlueSQL: upgrade, downgrade, stamp and
//! current against an in-memory database with sample rows, and the stairway round
//! trip (up, down, up again for every revision) with every difference located at the
//! downgrade op responsible.
//!
//! Two views of the database are kept in step: the logical [`Catalog`] (the truth
//! about the schema: declared types, keys, indexes, enums) and GlueSQL, which holds
//! the rows and enforces what it can. What GlueSQL lacks — types, composite and
//! float keys, unique indexes, CHECK, ON DELETE CASCADE / SET NULL, string lengths,
//! `ALTER COLUMN`, constraint changes — the engine emulates: checks after each write
//! with the imitated database's error, and move-and-copy table rebuilds as Alembic's
//! batch mode does on SQLite.
//!
//! Architecture Invariant: this is the only crate that knows GlueSQL. It does no IO
//! and never panics on any input: a failing step is a [`Diagnostic`].
//!
//! [`Catalog`]: retort_catalog::Catalog
//! [`Diagnostic`]: retort_ir::Diagnostic

pub mod codes;
mod commands;
mod compare;
mod db;
mod dialect;
mod enforce;
mod engine;
mod enum_type;
mod history;
mod locate;
mod physical;
mod sample;
mod show;
mod snapshot;
mod sql;
mod stairway;
mod types;
mod version;
mod volatile;

pub use commands::{step_line, CommandReport};
pub use compare::Difference;
pub use dialect::Dialect;
pub use engine::{Engine, EngineOptions};
pub use history::{History, Revision};
pub use snapshot::Snapshot;
pub use stairway::{
    stairway, stairway_with_progress, Outcome, StairwayOptions, StairwayReport, StairwayStep,
};
pub use version::VERSION_TABLE;
