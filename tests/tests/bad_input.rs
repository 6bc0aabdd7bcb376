//! Bad input is data: broken Python, a missing parent, a file with no revision, non-UTF-8
//! bytes, a cycle, a 1 MB file and 10,000 revisions become diagnostics with a file and a
//! line — never a panic.

use std::path::Path;

use retort_analysis::{LoadOptions, Project, SourceFile};

fn cli(args: &[&str], cwd: &Path) -> (u8, String, String) {
    let mut argv = vec!["retort".to_owned()];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = retort_cli::run(&argv, cwd, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn broken_project_gives_located_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    let (code, out, err) = cli(&["inspect"], &dir);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("inspect prints JSON");
    let revisions = json["revisions"].as_array().expect("revisions");
    assert_eq!(
        revisions.len(),
        4,
        "a1, b1, c1, d1 are read; the helper is not a revision"
    );
    for expected in [
        "versions/b1_syntax.py:11:5: error[syntax-error] SyntaxError: Expected `,`, found name",
        "versions/c1_latin1.py: error[not-utf8]",
        "versions/d1_missing.py:3:17: error[missing-parent]",
        "error[no-revision] Could not determine revision id from filename helper_no_revision.py.",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    // What can still be extracted from the broken file is.
    let b1 = revisions
        .iter()
        .find(|r| r["revision"] == "b1")
        .expect("b1");
    assert_eq!(b1["downgrade"]["ops"][0]["kind"]["op"], "drop_column");
}

#[test]
fn alembic_refusals_keep_alembic_exit_codes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    let (code, out, err) = cli(&["history"], &dir);
    assert_eq!(
        code, 1,
        "Alembic crashes with KeyError on a missing parent: {out}{err}"
    );
    assert!(
        err.contains("Alembic would crash here with: KeyError: 'zzzz9999'"),
        "{err}"
    );
    let (code, out, _) = cli(
        &["show", "nope"],
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/linear"),
    );
    assert_eq!(
        (code, out.as_str()),
        (255, "FAILED: Can't locate revision identified by 'nope'\n")
    );
}

#[test]
fn a_megabyte_file_and_ten_thousand_revisions() {
    let mut files = vec![SourceFile::new(
        "alembic.ini",
        "[alembic]\nscript_location = m\n",
    )];
    let mut big = String::from(
        "from alembic import op\nrevision = 'big'\ndown_revision = None\ndef upgrade():\n",
    );
    while big.len() < 1_000_000 {
        big.push_str("    op.execute(\"UPDATE t SET x = 1 WHERE id = 42\")\n");
    }
    big.push_str("    op.add_column('t', sa.Column('y', sa.Integer)\n"); // unclosed at the end
    files.push(SourceFile::new("m/versions/big.py", big));
    for i in 0..10_000 {
        let down = if i == 0 {
            "'big'".to_owned()
        } else {
            format!("'r{:05}'", i - 1)
        };
        files.push(SourceFile::new(
            format!("m/versions/r{i:05}.py"),
            format!("\"\"\"step {i}\"\"\"\nrevision = 'r{i:05}'\ndown_revision = {down}\ndef upgrade():\n    pass\n"),
        ));
    }
    let project = Project::load(files, &LoadOptions::default());
    assert_eq!(project.revisions.len(), 10_001);
    assert_eq!(project.graph.heads(), ["r09999".to_owned()]);
    let big = &project.revisions[0];
    assert!(big.upgrade.as_ref().is_some_and(|f| f.ops.len() > 15_000));
    assert!(big.diagnostics.iter().any(|d| d.code == "syntax-error"));
    let history =
        retort_analysis::graph::history(&project.graph, &Default::default(), &[]).expect("history");
    assert_eq!(history.lines().count(), 10_001);
}

#[test]
fn cycles_and_hostile_names_are_data() {
    let files = vec![
        SourceFile::new(
            "v/<img src=x onerror=alert(1)>.py",
            "revision = 'a1111'\ndown_revision = 'b1111'\n",
        ),
        SourceFile::new("v/b.py", "revision = 'b1111'\ndown_revision = 'a1111'\n"),
        SourceFile::new("v/../../etc/passwd.py", "revision = 'c'\n"),
    ];
    let project = Project::load(
        files,
        &LoadOptions {
            versions: vec!["v".into()],
            ..LoadOptions::default()
        },
    );
    let cycle = project
        .diagnostics
        .iter()
        .find(|d| d.code == "cycle")
        .expect("cycle reported");
    assert!(
        cycle
            .help
            .as_deref()
            .is_some_and(|h| h.contains("Cycle is detected in revisions (a1111, b1111)")),
        "{cycle:?}"
    );
    assert!(retort_analysis::graph::heads(&project.graph, false, false).is_err());
}
