//! The round-trip panel: `retort roundtrip` (the stairway) on a fresh database,
//! one message per revision as it runs.

use retort_engine::{
    stairway_with_progress, Dialect, EngineOptions, Outcome, StairwayOptions, StairwayStep,
};
use retort_ir::Diagnostic;

use super::Loaded;
use crate::protocol::{EngineResponse, RoundTripStep, RoundTripView, StepOutcome};

/// Runs the stairway with `rows` sample rows per table: a
/// [`EngineResponse::RoundTripStep`] after each revision, then the whole
/// [`EngineResponse::RoundTrip`].
pub fn run(id: u64, loaded: &Loaded, rows: usize, emit: &mut dyn FnMut(EngineResponse)) {
    let options = EngineOptions {
        dialect: Dialect::from_name(&loaded.dialect).unwrap_or(Dialect::Postgresql),
        rows_per_table: rows,
        ..EngineOptions::default()
    };
    let total = loaded.history.in_order().len();
    let mut steps: Vec<RoundTripStep> = Vec::with_capacity(total);
    let report = stairway_with_progress(
        &loaded.history,
        &options,
        &StairwayOptions::default(),
        &mut |step, found| {
            let step = view_of(loaded, step, found);
            steps.push(step.clone());
            emit(EngineResponse::RoundTripStep {
                id,
                done: steps.len(),
                total,
                step,
            });
        },
    );
    // Diagnostics come with their revision's step; those of a stairway that
    // could not start belong to none.
    let problems = if report.steps.is_empty() {
        report
            .diagnostics
            .iter()
            .map(|d| loaded.problem(d))
            .collect()
    } else {
        Vec::new()
    };
    emit(EngineResponse::RoundTrip(Box::new(RoundTripView {
        id,
        seq: loaded.seq,
        dialect: loaded.dialect.clone(),
        rows,
        steps,
        problems,
        summary: report.summary(),
        ok: report.ok(),
    })));
}

fn view_of(loaded: &Loaded, step: &StairwayStep, found: &[Diagnostic]) -> RoundTripStep {
    RoundTripStep {
        revision: step.revision.clone(),
        path: loaded
            .history
            .get(&step.revision)
            .map(|r| r.path.clone())
            .unwrap_or_default(),
        outcome: match step.outcome {
            Outcome::Passed => StepOutcome::Passed,
            Outcome::Failed => StepOutcome::Failed,
            Outcome::Irreversible => StepOutcome::Irreversible,
            Outcome::UpgradedOnly => StepOutcome::UpgradedOnly,
            Outcome::NotRun => StepOutcome::NotRun,
        },
        log: step.log.clone(),
        problems: found.iter().map(|d| loaded.problem(d)).collect(),
    }
}
