//! Bad input is data: arbitrary text, and fixtures cut or spliced at random, never panic
//! the front end, and every range it reports lies inside the text.

use proptest::prelude::*;
use retort_ir::{Op, RevisionFile};
use retort_parse::{module_constants, parse_revision, NoModules};

const FIXTURES: &[&str] = &[
    include_str!("fixtures/ops_tables.py"),
    include_str!("fixtures/ops_batch.py"),
    include_str!("fixtures/ops_misc.py"),
    include_str!("fixtures/static_eval.py"),
    include_str!("fixtures/opaque.py"),
];

fn ranges_in_bounds(file: &RevisionFile, len: usize) {
    let len = len as u32;
    fn walk(ops: &[Op], len: u32) {
        for op in ops {
            op.walk(&mut |op| {
                assert!(
                    op.range.end <= len,
                    "op range {:?} past end {len}",
                    op.range
                )
            });
        }
    }
    for f in file
        .upgrade
        .iter()
        .chain(&file.downgrade)
        .chain(&file.engine_functions)
    {
        assert!(f.range.end <= len);
        walk(&f.ops, len);
    }
    for d in &file.diagnostics {
        if let Some(r) = d.range {
            assert!(r.end <= len, "diagnostic range {r:?} past end {len}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text(text in "\\PC{0,400}") {
        let file = parse_revision("x.py", &text, &NoModules);
        ranges_in_bounds(&file, text.len());
        let _ = module_constants(&text);
    }

    #[test]
    fn python_shaped_text(text in "[a-z_=()\\[\\]{}:,.'\" \n\t#\\\\0-9*%+-]{0,300}") {
        let file = parse_revision("x.py", &text, &NoModules);
        ranges_in_bounds(&file, text.len());
    }

    #[test]
    fn fixtures_cut_and_spliced(which in 0..FIXTURES.len(), cut in 0usize..4000, insert in "\\PC{0,12}") {
        let source = FIXTURES[which];
        let mut at = cut.min(source.len());
        while !source.is_char_boundary(at) {
            at -= 1;
        }
        let truncated = &source[..at];
        let file = parse_revision("x.py", truncated, &NoModules);
        ranges_in_bounds(&file, truncated.len());
        let spliced = format!("{}{insert}{}", &source[..at], &source[at..]);
        let file = parse_revision("x.py", &spliced, &NoModules);
        ranges_in_bounds(&file, spliced.len());
    }
}

#[test]
fn deep_nesting_and_huge_loops_terminate() {
    let nested = format!("revision = {}'a'{}\n", "(".repeat(200), ")".repeat(200));
    let _ = parse_revision("x.py", &nested, &NoModules);
    let recursive =
        "revision='r'\ndef h(n):\n    h(n)\n    op.drop_table('t')\ndef upgrade():\n    h(1)\n";
    let file = parse_revision("x.py", recursive, &NoModules);
    assert!(file.upgrade.is_some_and(|f| !f.ops.is_empty()));
    let loops = "from alembic import op\nrevision='r'\ndef upgrade():\n    for a in range(10000):\n        for b in range(10000):\n            op.drop_table('t')\n";
    let file = parse_revision("x.py", loops, &NoModules);
    let ops = file.upgrade.map(|f| f.ops.len()).unwrap_or_default();
    assert!(ops <= 50_002, "expansion is bounded, got {ops}");
}
