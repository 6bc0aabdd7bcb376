//! `stairway_with_progress` reports each revision once, in order, with exactly the
//! diagnostics that revision added: what the web worker posts as progress adds up to
//! the report.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::project;
use retort_engine::{
    stairway, stairway_with_progress, EngineOptions, Outcome, StairwayOptions, StairwayStep,
};
use retort_ir::Diagnostic;

#[test]
fn progress_adds_up_to_the_report() {
    let (_, h) = project(&[
        ("a1.py", include_str!("fixtures/renamed_data_lost/a1.py")),
        ("b2.py", include_str!("fixtures/renamed_data_lost/b2.py")),
    ]);
    let options = EngineOptions::default();
    let mut seen: Vec<(StairwayStep, Vec<Diagnostic>)> = Vec::new();
    let report = stairway_with_progress(
        &h,
        &options,
        &StairwayOptions::default(),
        &mut |step, found| seen.push((step.clone(), found.to_vec())),
    );
    assert_eq!(report, stairway(&h, &options, &StairwayOptions::default()));
    let steps: Vec<StairwayStep> = seen.iter().map(|(s, _)| s.clone()).collect();
    assert_eq!(steps, report.steps);
    let found: Vec<Diagnostic> = seen.iter().flat_map(|(_, d)| d.clone()).collect();
    assert_eq!(found, report.diagnostics);
    // The lost data is b2's: its findings come with b2's step, not a1's.
    assert_eq!(seen[1].0.revision, "b2");
    assert_eq!(seen[1].0.outcome, Outcome::Failed);
    assert!(seen[1].1.iter().any(|d| d.code == "roundtrip-data"));
    assert!(!seen[0].1.iter().any(|d| d.code == "roundtrip-data"));
}
