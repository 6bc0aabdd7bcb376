//! The `alembic_version` table, maintained as Alembic's `HeadMaintainer` does: one row
//! per head; inserts for new branches, deletes for branches going away, an update and
//! deletes through merges, an update and inserts back through unmerges.

use std::collections::BTreeSet;

use gluesql_core::data::Value;

use crate::db::Database;
use crate::history::{Direction, History, MigrationStep};
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

fn insert(db: &mut Database, rev: &str) -> Result<(), String> {
    db.execute(&format!(
        "INSERT INTO {VERSION_TABLE} (version_num) VALUES ({})",
        literal(rev)
    ))
    .map(drop)
    .map_err(|e| e.message().to_owned())
}

fn delete(db: &mut Database, rev: &str) -> Result<(), String> {
    let n = rows(db).iter().filter(|r| *r == rev).count();
    if n != 1 {
        return Err(format!(
            "Online migration expected to match one row when deleting '{rev}' in '{VERSION_TABLE}'; {n} found"
        ));
    }
    db.execute(&format!(
        "DELETE FROM {VERSION_TABLE} WHERE version_num = {}",
        literal(rev)
    ))
    .map(drop)
    .map_err(|e| e.message().to_owned())
}

fn update(db: &mut Database, from: &str, to: &str) -> Result<(), String> {
    let n = rows(db).iter().filter(|r| *r == from).count();
    if n != 1 {
        return Err(format!(
            "Online migration expected to match one row when updating '{from}' to '{to}' in '{VERSION_TABLE}'; {n} found"
        ));
    }
    db.execute(&format!(
        "UPDATE {VERSION_TABLE} SET version_num = {} WHERE version_num = {}",
        literal(to),
        literal(from)
    ))
    .map(drop)
    .map_err(|e| e.message().to_owned())
}

/// Records that `step` ran.
pub(crate) fn update_to_step(
    db: &mut Database,
    history: &History,
    step: &MigrationStep,
) -> Result<(), String> {
    let Some(r) = history.get(&step.revision) else {
        return Err(format!(
            "Can't locate revision identified by '{}'",
            step.revision
        ));
    };
    let heads: BTreeSet<String> = rows(db).into_iter().collect();
    let down = history.normalized_down_revisions(r);
    let id = r.id.as_str();
    let is_upgrade = step.direction == Direction::Up;
    // `_unmerge_to_revisions`: the parents not implied by the other heads.
    let unmerge_to = || -> Vec<String> {
        let others: Vec<String> = heads.iter().filter(|h| *h != id).cloned().collect();
        if others.is_empty() {
            down.clone()
        } else {
            let implied = history.ancestors_inclusive(&others);
            down.iter()
                .filter(|d| !implied.contains(*d))
                .cloned()
                .collect()
        }
    };
    let in_heads = |rev: &str| heads.contains(rev);
    let down_in_heads = down.iter().filter(|d| in_heads(d)).count();
    if !is_upgrade && in_heads(id) && (down.is_empty() || unmerge_to().is_empty()) {
        delete(db, id)
    } else if is_upgrade && (down.is_empty() || down_in_heads == 0) {
        insert(db, id)
    } else if is_upgrade && down.len() > 1 && down_in_heads > 1 {
        let others: Vec<String> = heads
            .iter()
            .filter(|h| !down.contains(h))
            .cloned()
            .collect();
        let from: Vec<String> = if others.is_empty() {
            down.clone()
        } else {
            let implied = history.ancestors_inclusive(&others);
            down.iter()
                .filter(|d| !implied.contains(*d))
                .cloned()
                .collect()
        };
        let Some((last, rest)) = from.split_last() else {
            return insert(db, id);
        };
        for d in rest {
            delete(db, d)?;
        }
        update(db, last, id)
    } else if !is_upgrade && in_heads(id) && down.len() > 1 {
        let to = unmerge_to();
        let Some((last, rest)) = to.split_last() else {
            return delete(db, id);
        };
        for i in rest {
            insert(db, i)?;
        }
        update(db, id, last)
    } else {
        let downrev = if down.len() == 1 {
            down[0].clone()
        } else {
            let present: Vec<&String> = down.iter().filter(|d| in_heads(d)).collect();
            match present.as_slice() {
                [one] => (*one).clone(),
                _ => return Err("Can't do an UPDATE because downrevision is ambiguous".to_owned()),
            }
        };
        if is_upgrade {
            update(db, &downrev, id)
        } else {
            update(db, id, &downrev)
        }
    }
}

/// `alembic stamp`: sets the rows to `targets` without running anything; returns
/// `(from, to)` for each `Running stamp_revision` line.
pub(crate) fn stamp(
    db: &mut Database,
    history: &History,
    targets: &[String],
    purge: bool,
) -> Result<Vec<(String, String)>, String> {
    if purge {
        for h in rows(db) {
            delete(db, &h)?;
        }
    }
    let mut lines = Vec::new();
    if targets.is_empty() {
        for h in rows(db) {
            delete(db, &h)?;
            lines.push((h, String::new()));
        }
        return Ok(lines);
    }
    for target in targets {
        let heads = rows(db);
        let line_of = |h: &String| {
            history
                .ancestors_inclusive(std::slice::from_ref(target))
                .contains(h)
                || history
                    .ancestors_inclusive(std::slice::from_ref(h))
                    .contains(target)
        };
        let related: Vec<String> = heads.iter().filter(|h| line_of(h)).cloned().collect();
        match related.split_first() {
            None => {
                insert(db, target)?;
                lines.push((String::new(), target.clone()));
            }
            Some((first, rest)) => {
                for h in rest {
                    delete(db, h)?;
                }
                if first != target {
                    update(db, first, target)?;
                    lines.push((first.clone(), target.clone()));
                }
            }
        }
    }
    Ok(lines)
}
