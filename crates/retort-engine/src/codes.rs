//! The stable codes of the diagnostics the engine reports.

/// The database rejected a step (the message is its error).
pub const MIGRATION_FAILED: &str = "migration-failed";
/// SQL of `op.execute` the in-browser engine does not run.
pub const NOT_EXECUTED: &str = "not-executed";
/// A step Retort cannot evaluate statically; not run.
pub const OPAQUE_STEP: &str = "opaque-step";
/// A constraint or default the engine cannot evaluate.
pub const NOT_ENFORCED: &str = "not-enforced";
/// Sample rows that could not be generated for a table.
pub const SAMPLE_DATA: &str = "sample-data";
/// After a downgrade, the schema differs from before the upgrade.
pub const ROUNDTRIP_SCHEMA: &str = "roundtrip-schema";
/// After a downgrade, GlueSQL's tables differ from before the upgrade (where the
/// catalog does not already say so).
pub const ROUNDTRIP_PHYSICAL: &str = "roundtrip-physical";
/// After a downgrade, the rows differ from before the upgrade.
pub const ROUNDTRIP_DATA: &str = "roundtrip-data";
/// After a downgrade, rows differ because the upgrade destroyed the values (a dropped
/// column, a backfill, deleted rows): no downgrade could restore them.
pub const DATA_NOT_RESTORABLE: &str = "data-not-restorable";
/// The second upgrade leaves another database than the first.
pub const ROUNDTRIP_REUPGRADE: &str = "roundtrip-reupgrade";
/// A downgrade that does nothing (`pass`, empty, `raise NotImplementedError`) for an
/// upgrade that does something.
pub const IRREVERSIBLE: &str = "irreversible-downgrade";
/// A revision the stairway could not run (missing, or after a failure).
pub const STAIRWAY_STOPPED: &str = "stairway-stopped";
