//! The `alembic_version` table in GlueSQL: one row per head, changed by the statements
//! `retort-graph` computes for each step (Alembic's `HeadMaintainer`).

use gluesql_core::data::Value;
use retort_graph::VersionChange;

use crate::db::Database;
use crate::physical::literal;

/// The table's name.
pub const VERSION_TABLE: &str = "alembic_version";

/// Creates the table when it is not there.
pub(crate) fn ensure(db: &mut Database) -> Result<(), String> {
    if db.schema(VERSION_TABLE).is_some() {
        return Ok(());
    }
    db.execute(&format!(
        "CREATE TABLE {VERSION_TABLE} (version_num TEXT NOT NULL)"
    ))
    .map(drop)
    .map_err(|e| e.message().to_owned())
}

/// The rows, in table order.
pub(crate) fn rows(db: &Database) -> Vec<String> {
    db.rows(VERSION_TABLE)
        .filter_map(|r| match r.first() {
            Some(Value::Str(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// Runs the statements Alembic runs on the table for one step.
pub(crate) fn apply(db: &mut Database, changes: &[VersionChange]) -> Result<(), String> {
    for change in changes {
        let sql = match change {
            VersionChange::Insert { version } => format!(
                "INSERT INTO {VERSION_TABLE} (version_num) VALUES ({})",
                literal(version)
            ),
            VersionChange::Delete { version } => {
                expect_one(db, version, "deleting", "")?;
                format!(
                    "DELETE FROM {VERSION_TABLE} WHERE version_num = {}",
                    literal(version)
                )
            }
            VersionChange::Update { from, to } => {
                expect_one(db, from, "updating", &format!(" to '{to}'"))?;
                format!(
                    "UPDATE {VERSION_TABLE} SET version_num = {} WHERE version_num = {}",
                    literal(to),
                    literal(from)
                )
            }
        };
        db.execute(&sql).map_err(|e| e.message().to_owned())?;
    }
    Ok(())
}

/// Alembic checks that a DELETE or UPDATE of the table matches exactly one row.
fn expect_one(db: &Database, version: &str, what: &str, to: &str) -> Result<(), String> {
    let n = rows(db).iter().filter(|r| *r == version).count();
    if n == 1 {
        Ok(())
    } else {
        Err(format!(
            "Online migration expected to match one row when {what} '{version}'{to} in '{VERSION_TABLE}'; {n} found"
        ))
    }
}

/// Deletes every row (`stamp --purge`).
pub(crate) fn purge(db: &mut Database) -> Result<(), String> {
    db.execute(&format!("DELETE FROM {VERSION_TABLE}"))
        .map(drop)
        .map_err(|e| e.message().to_owned())
}
