//! The stairway round trip: for every revision, parents first (branches and merges
//! included), upgrade to it, downgrade to its parent(s), compare with the state before
//! the upgrade, upgrade again, compare with the state after the first upgrade.

use std::collections::HashSet;

use retort_ir::{BodyKind, Diagnostic, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::commands::step_line;
use crate::compare::{compare, Difference};
use crate::engine::{Engine, EngineOptions};
use crate::history::{History, Revision};
use crate::locate::{locate, touches};
use retort_graph::MigrationStep;

/// What the stairway is asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StairwayOptions {
    /// Round-trip only this revision and its descendants (earlier ones are upgraded).
    pub from: Option<String>,
    /// An empty / `pass` / `raise NotImplementedError` downgrade is allowed.
    pub allow_irreversible: bool,
}

/// How one revision's round trip went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Up, down and up again left the database as it should.
    Passed,
    /// A difference, or a step failed.
    Failed,
    /// The downgrade does nothing (or raises); no round trip.
    Irreversible,
    /// Before `--from`: upgraded only.
    UpgradedOnly,
    /// Not reached: the upgrade of an earlier revision failed.
    NotRun,
}

/// One revision of the stairway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StairwayStep {
    /// The revision.
    pub revision: String,
    /// How it went.
    pub outcome: Outcome,
    /// Alembic's log lines for the steps run.
    pub log: Vec<String>,
    /// What differed after the downgrade (empty when it passed).
    pub differences: Vec<Difference>,
}

/// The whole stairway.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StairwayReport {
    /// Per revision, in the order run.
    pub steps: Vec<StairwayStep>,
    /// Every finding, located in the revision files.
    pub diagnostics: Vec<Diagnostic>,
}

impl StairwayReport {
    /// Whether nothing failed.
    pub fn ok(&self) -> bool {
        !self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// `N revisions: a passed, b failed, c irreversible, d upgraded only, e not run`.
    pub fn summary(&self) -> String {
        let count = |o: Outcome| self.steps.iter().filter(|s| s.outcome == o).count();
        format!(
            "{} revisions: {} passed, {} failed, {} irreversible, {} upgraded only, {} not run",
            self.steps.len(),
            count(Outcome::Passed),
            count(Outcome::Failed),
            count(Outcome::Irreversible),
            count(Outcome::UpgradedOnly),
            count(Outcome::NotRun),
        )
    }
}

/// Whether `r`'s downgrade does nothing (no ops, `pass`, or it raises).
fn downgrade_does_nothing(r: &Revision) -> bool {
    match r.downgrade_fn {
        None | Some((_, BodyKind::Pass | BodyKind::Raises)) => true,
        Some((_, BodyKind::Ops)) => r.downgrade.is_empty(),
    }
}

/// Which function of a revision.
#[derive(Clone, Copy)]
enum Direction {
    Up,
    Down,
}

fn at_function(r: &Revision, d: Diagnostic, which: Direction) -> Diagnostic {
    let f = match which {
        Direction::Up => r.upgrade_fn,
        Direction::Down => r.downgrade_fn,
    };
    let d = d.with_path(&r.path);
    match f {
        Some((range, _)) => d.with_range(range),
        None => d,
    }
}

/// Runs the stairway over `history` on a fresh engine.
pub fn stairway(
    history: &History,
    engine_options: &EngineOptions,
    options: &StairwayOptions,
) -> StairwayReport {
    stairway_with_progress(history, engine_options, options, &mut |_, _| {})
}

/// [`stairway`], calling `on_step` after each revision with its step and the
/// diagnostics that revision added (the web worker posts them as progress).
pub fn stairway_with_progress(
    history: &History,
    engine_options: &EngineOptions,
    options: &StairwayOptions,
    on_step: &mut dyn FnMut(&StairwayStep, &[Diagnostic]),
) -> StairwayReport {
    let mut engine = Engine::new(engine_options.clone());
    let mut report = StairwayReport::default();
    let checked: Option<HashSet<String>> = match &options.from {
        None => None,
        Some(from) => match history.graph().resolve_one(from) {
            Ok(Some(id)) => Some(history.from_revision(&id)),
            Ok(None) => Some(HashSet::new()),
            Err(e) => {
                report.diagnostics.push(Diagnostic::error(
                    codes::STAIRWAY_STOPPED,
                    format!("--from: {}", e.message),
                ));
                return report;
            }
        },
    };
    let mut stopped = false;
    for r in history.in_order() {
        let found = report.diagnostics.len();
        let step = if stopped {
            StairwayStep {
                revision: r.id.clone(),
                outcome: Outcome::NotRun,
                log: Vec::new(),
                differences: Vec::new(),
            }
        } else {
            let check = checked.as_ref().is_none_or(|c| c.contains(&r.id));
            let (step, upgraded) = round_trip(
                &mut engine,
                history,
                r,
                check,
                options,
                &mut report.diagnostics,
            );
            stopped = !upgraded;
            step
        };
        on_step(&step, &report.diagnostics[found..]);
        report.steps.push(step);
    }
    report
}

/// The step that runs `id`'s upgrade (`up`) or downgrade from the engine's heads.
fn one_step(
    engine: &Engine,
    history: &History,
    id: &str,
    up: bool,
) -> Result<MigrationStep, String> {
    let walk = history
        .graph()
        .revision_step(&engine.heads(), id, up)
        .map_err(|e| e.alembic_line())?;
    walk.steps
        .into_iter()
        .next()
        .ok_or_else(|| format!("no step runs {id}"))
}

fn round_trip(
    engine: &mut Engine,
    history: &History,
    r: &Revision,
    check: bool,
    options: &StairwayOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> (StairwayStep, bool) {
    let mut step = StairwayStep {
        revision: r.id.clone(),
        outcome: Outcome::Passed,
        log: Vec::new(),
        differences: Vec::new(),
    };
    diagnostics.extend(engine.seed_for(history, &r.id));
    let before = engine.clone();
    let (found, ok) = match one_step(engine, history, &r.id, true) {
        Ok(up) => {
            step.log.push(step_line(&up));
            engine.run_step_committed(history, &up)
        }
        Err(e) => (
            vec![Diagnostic::error(codes::MIGRATION_FAILED, e).with_path(&r.path)],
            false,
        ),
    };
    // A step the engine could not follow (opaque, SQL it did not run) may have changed
    // the real database even when the engine's did not change.
    let unfollowed = found
        .iter()
        .any(|d| d.code == codes::OPAQUE_STEP || d.code == codes::NOT_EXECUTED);
    diagnostics.extend(found);
    if !ok {
        diagnostics.push(at_function(
            r,
            Diagnostic::error(
                codes::STAIRWAY_STOPPED,
                format!("upgrade of {} fails; the stairway stops here", r.id),
            ),
            Direction::Up,
        ));
        *engine = before;
        step.outcome = Outcome::Failed;
        return (step, false);
    }
    if !check {
        step.outcome = Outcome::UpgradedOnly;
        return (step, true);
    }
    // An upgrade that only reads (`SELECT 1` in an autocommit block) needs no downgrade.
    // One whose changes the engine saw does; one that ran steps the engine could not
    // follow (an ORM data migration) may: a warning, since nobody can tell statically.
    if downgrade_does_nothing(r) && !r.upgrade.is_empty() {
        let changed = !compare(&before, engine, None).is_empty();
        if changed || unfollowed {
            let body = match r.downgrade_fn {
                None => "there is no downgrade()",
                Some((_, BodyKind::Raises)) => "downgrade() raises",
                _ => "downgrade() does nothing",
            };
            let (severity, message) = if changed {
                (
                    Severity::Error,
                    format!("revision {} cannot be downgraded: {body}, but upgrade() changes the database", r.id),
                )
            } else {
                (
                    Severity::Warning,
                    format!("revision {} may not be reversible: {body}, and upgrade() runs steps the engine could not follow", r.id),
                )
            };
            let severity = if options.allow_irreversible {
                Severity::Info
            } else {
                severity
            };
            let d = Diagnostic::new(codes::IRREVERSIBLE, severity, message)
                .with_help("Write the downgrade, or allow irreversible revisions (--allow-irreversible / allow_irreversible = true).");
            diagnostics.push(at_function(r, d, Direction::Down));
            step.outcome = Outcome::Irreversible;
            return (step, true);
        }
    }
    let after = engine.clone();
    let (found, ok) = match one_step(engine, history, &r.id, false) {
        Ok(down) => {
            step.log.push(step_line(&down));
            engine.run_step_committed(history, &down)
        }
        Err(e) => (
            vec![Diagnostic::error(codes::MIGRATION_FAILED, e).with_path(&r.path)],
            false,
        ),
    };
    let failed_down = !ok;
    diagnostics.extend(found);
    if failed_down {
        step.outcome = Outcome::Failed;
        *engine = after;
        return (step, true);
    }
    let downgrade_ops = touches(&r.downgrade, engine.dialect());
    let differences = compare(&before, engine, Some(&after));
    for difference in &differences {
        diagnostics.push(finding(r, difference, &downgrade_ops, false));
    }
    step.differences = differences;
    let (found, ok) = match one_step(engine, history, &r.id, true) {
        Ok(up) => {
            step.log.push(step_line(&up));
            engine.run_step_committed(history, &up)
        }
        Err(e) => (
            vec![Diagnostic::error(codes::MIGRATION_FAILED, e).with_path(&r.path)],
            false,
        ),
    };
    diagnostics.extend(
        found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|mut d| {
                d.message = format!("second upgrade: {}", d.message);
                d
            }),
    );
    // Differences after the second upgrade that follow from those after the downgrade
    // (a lost value is lost again) say nothing new: only compare when the downgrade was clean.
    if ok && !step.differences.iter().any(is_error) {
        for difference in compare(&after, engine, None) {
            diagnostics.push(finding(r, &difference, &downgrade_ops, true));
            step.differences.push(difference);
        }
    }
    if !ok || step.differences.iter().any(is_error) {
        step.outcome = Outcome::Failed;
    }
    *engine = after;
    (step, true)
}

/// Whether a difference fails the round trip (column order and data the upgrade
/// destroyed are warnings).
fn is_error(difference: &Difference) -> bool {
    severity(difference) == Severity::Error
}

fn severity(difference: &Difference) -> Severity {
    match difference {
        Difference::Schema { change }
            if matches!(
                **change,
                retort_catalog::SchemaChange::ColumnOrderChanged { .. }
            ) =>
        {
            Severity::Warning
        }
        Difference::Rows {
            by_upgrade: true, ..
        } => Severity::Warning,
        // Not known to differ: see `finding`'s help.
        Difference::Schema { change } if crate::compare::custom_type_change(change).is_some() => {
            Severity::Info
        }
        _ => Severity::Error,
    }
}

fn finding(
    r: &Revision,
    difference: &Difference,
    ops: &[(retort_ir::TextRange, Vec<crate::locate::Touch>)],
    second: bool,
) -> Diagnostic {
    let (code, lead) = match (difference, second) {
        (_, true) => (
            codes::ROUNDTRIP_REUPGRADE,
            "upgrading again after the downgrade leaves another database",
        ),
        (Difference::Schema { .. }, false) => (
            codes::ROUNDTRIP_SCHEMA,
            "the downgrade does not restore the schema",
        ),
        (Difference::Physical { .. }, false) => (
            codes::ROUNDTRIP_PHYSICAL,
            "the downgrade does not restore the table",
        ),
        (
            Difference::Rows {
                by_upgrade: true, ..
            },
            false,
        ) => (
            codes::DATA_NOT_RESTORABLE,
            "the upgrade destroys data the downgrade cannot bring back",
        ),
        (Difference::Rows { .. }, false) => (
            codes::ROUNDTRIP_DATA,
            "the downgrade does not restore the data",
        ),
    };
    let custom = match difference {
        Difference::Schema { change } => crate::compare::custom_type_change(change),
        _ => None,
    };
    let lead = match custom {
        Some(_) if !second => "the downgrade may not restore the schema",
        _ => lead,
    };
    let severity = severity(difference);
    let mut d = Diagnostic::new(code, severity, format!("{lead}: {}", difference.describe()))
        .with_path(&r.path);
    if let Some(custom) = custom {
        d = d.with_help(format!(
            "`{custom}` is a type of the application's: Retort does not know the column \
             type it makes, so it cannot tell whether the database's type changed. \
             Compare the two by hand."
        ));
    }
    match locate(difference, ops) {
        Some(range) => d.with_range(range),
        None => at_function(r, d, Direction::Down),
    }
}
