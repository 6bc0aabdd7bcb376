//! SARIF output validated against the SARIF 2.1.0 JSON schema (rtm.5, vendored from the
//! npm package `@microsoft/jest-sarif` 1.0.0-beta.0, MIT) with the `jsonschema` crate.

mod common;

use retort_lint::{render_sarif, RuleSet, Sources};

#[test]
fn sarif_output_matches_the_schema() {
    // The published rtm.5 schema has one `pattern` that is not a valid ECMA-262 regex
    // (`run.language`, a stray `]`), which `jsonschema` rightly refuses to compile; it is
    // corrected in memory here, the vendored file is kept byte for byte.
    let text = include_str!("schemas/sarif-2.1.0-rtm.5.json").replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    let mut checked = 0;
    for entry in std::fs::read_dir(common::root())
        .expect("fixtures")
        .flatten()
    {
        for case in common::cases(&entry.path()) {
            let mut config = common::config_for(&case, None);
            config.rules = RuleSet::all();
            let (_, findings) = common::run(&case, &config);
            let sources = Sources::new(case.files.iter().map(|(p, s)| (p.as_str(), s.as_str())));
            let log: serde_json::Value =
                serde_json::from_str(&render_sarif(&findings, &sources, "0.1.0"))
                    .expect("SARIF is JSON");
            let errors: Vec<String> = validator
                .iter_errors(&log)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", case.name);
            checked += findings.len();
        }
    }
    assert!(checked > 50, "only {checked} findings checked");
}
