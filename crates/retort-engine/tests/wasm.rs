//! The engine in the browser: a stairway run in headless Chromium
//! (`cargo test -p retort-engine --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

mod common;

use common::{project, render};
use retort_engine::{stairway, Dialect, Engine, EngineOptions, Outcome, StairwayOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: [(&str, &str); 4] = [
    (
        "a1.py",
        include_str!("fixtures/good_linear/a1_create_users.py"),
    ),
    (
        "b2.py",
        include_str!("fixtures/good_linear/b2_add_email.py"),
    ),
    (
        "c3.py",
        include_str!("fixtures/good_linear/c3_create_posts.py"),
    ),
    ("d4.py", include_str!("fixtures/good_linear/d4_rename.py")),
];

#[wasm_bindgen_test]
fn stairway_passes_in_the_browser() {
    let (p, h) = project(&GOOD);
    let report = stairway(&h, &EngineOptions::default(), &StairwayOptions::default());
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert!(report.steps.iter().all(|s| s.outcome == Outcome::Passed));
}

#[wasm_bindgen_test]
fn stairway_finds_lost_data_in_the_browser() {
    let (p, h) = project(&[
        ("a1.py", include_str!("fixtures/renamed_data_lost/a1.py")),
        ("b2.py", include_str!("fixtures/renamed_data_lost/b2.py")),
    ]);
    let report = stairway(&h, &EngineOptions::default(), &StairwayOptions::default());
    let lines = render(&p, &report.diagnostics);
    assert!(
        lines.contains(&"b2.py:19: Error roundtrip-data: the downgrade does not restore the data: table users, row (id=1): name 'name_1' -> NULL".to_owned()),
        "{lines:?}"
    );
}

#[wasm_bindgen_test]
fn branches_and_merges_in_the_browser() {
    let (_, h) = project(&[
        ("base1.py", include_str!("fixtures/branches/base1.py")),
        ("left2.py", include_str!("fixtures/branches/left2.py")),
        ("right3.py", include_str!("fixtures/branches/right3.py")),
        ("merge4.py", include_str!("fixtures/branches/merge4.py")),
        ("tail5.py", include_str!("fixtures/branches/tail5.py")),
    ]);
    let options = EngineOptions {
        dialect: Dialect::Postgresql,
        ..EngineOptions::default()
    };
    let report = stairway(&h, &options, &StairwayOptions::default());
    assert_eq!(report.steps.len(), 5);
    assert!(report.ok(), "{:?}", report.diagnostics);
    let mut engine = Engine::new(options);
    assert!(engine.upgrade(&h, "heads").ok());
    assert_eq!(engine.heads(), vec!["tail5".to_owned()]);
}
