//! No input makes the linter panic: arbitrary text, and mutations of real fixtures.

mod common;

use proptest::prelude::*;
use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_lint::{lint, render_json, render_sarif, render_text, Config, RuleSet, Sources};

fn lint_text(source: &str) {
    // A hex file name is a revision id by Alembic's legacy rule, so any text is linted.
    let project = Project::load(
        vec![SourceFile::new("ab12.py", source)],
        &LoadOptions {
            versions: vec![String::new()],
            ..LoadOptions::default()
        },
    );
    assert_eq!(project.revisions.len(), 1);
    let config = Config {
        rules: RuleSet::all(),
        ..Config::default()
    };
    let findings = lint(&project, &config);
    let sources = Sources::new([("ab12.py", source)]);
    let _ = render_text(&findings, &sources);
    let _ = render_json(&findings, &sources);
    let _ = render_sarif(&findings, &sources, "0");
    for f in &findings {
        assert!(
            f.range.start <= f.range.end && f.range.end as usize <= source.len(),
            "{f:?}"
        );
    }
}

const SEED: &str = "\"\"\"d\n\nRevision ID: a\nRevises: \n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndown_revision = None\n\ndef upgrade():\n    op.execute(\"UPDATE t SET x = 'é' WHERE\")  # retort: ignore[SQL001, nope]\n    op.create_index('ix', 't', ['c'])\n    with op.batch_alter_table('t') as b:\n        b.alter_column('c', nullable=False)\n\ndef downgrade():\n    pass\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text(source in ".{0,400}") {
        lint_text(&source);
    }

    #[test]
    fn truncated_and_spliced_fixture(cut in 0usize..SEED.len(), insert in "[\"'()\\[\\]#:\\\\\n ]{0,6}") {
        let mut at = cut;
        while !SEED.is_char_boundary(at) { at -= 1; }
        let source = format!("{}{}{}", &SEED[..at], insert, &SEED[at..]);
        lint_text(&source);
    }
}

#[test]
fn every_fixture_with_every_rule() {
    for entry in std::fs::read_dir(common::root())
        .expect("fixtures")
        .flatten()
    {
        for case in common::cases(&entry.path()) {
            let mut config = common::config_for(&case, None);
            config.rules = RuleSet::all();
            let _ = common::run(&case, &config);
        }
    }
}
