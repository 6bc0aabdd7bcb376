//! Walks, `current` and `history -i` against the transcripts of real Alembic 1.20.1 in
//! shared/reference/alembic/ (the goldens cannot hold these: they need a database).
//!
//! Each case names its transcript. A walk prints Alembic's `Running …` line for each
//! step, the `alembic_version` statements under it, and the rows left at the end;
//! statements are those the transcript's `--sql` output shows, or (online) those that
//! leave the rows the transcript's `current` / `select * from alembic_version` shows.

use retort_graph::{
    current, downgrade_command, history, stamp_command, upgrade_command, GraphError,
    HistoryOptions, RevisionGraph, RevisionNode, VersionChange, Walk,
};

/// `(id, down_revisions, branch_labels, depends_on, doc)`.
type Spec<'a> = (
    &'a str,
    &'a [&'a str],
    &'a [&'a str],
    &'a [&'a str],
    &'a str,
);

fn graph(specs: &[Spec<'_>]) -> RevisionGraph {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let nodes = specs
        .iter()
        .enumerate()
        .map(|(i, (id, down, labels, deps, doc))| RevisionNode {
            id: (*id).to_owned(),
            down_revisions: strings(down),
            branch_labels: strings(labels),
            depends_on: strings(deps),
            path: format!("<scratch>/alembic/versions/{id}.py"),
            longdoc: (*doc).to_owned(),
            doc: (*doc).to_owned(),
            file_index: i,
        })
        .collect();
    let (graph, problems) = RevisionGraph::build(nodes);
    assert!(problems.is_empty(), "{problems:?}");
    graph
}

/// The 03/06 project: 1a2b3c4d5e6f -> 2b3c4d5e6f70 -> 3c4d5e6f7081.
fn proj() -> RevisionGraph {
    graph(&[
        ("1a2b3c4d5e6f", &[], &[], &[], "create users"),
        ("2b3c4d5e6f70", &["1a2b3c4d5e6f"], &[], &[], "add email"),
        ("3c4d5e6f7081", &["2b3c4d5e6f70"], &[], &[], "create posts"),
    ])
}

/// The 08a project: aaa111 branches into bbb222 and ccc333.
fn branchy() -> RevisionGraph {
    graph(&[
        ("aaa111", &[], &[], &[], "base rev"),
        ("bbb222", &["aaa111"], &[], &[], "branch one"),
        ("ccc333", &["aaa111"], &[], &[], "branch two"),
    ])
}

/// The 08b project: 08a plus the merge ddd444.
fn merged() -> RevisionGraph {
    graph(&[
        ("aaa111", &[], &[], &[], "base rev"),
        ("bbb222", &["aaa111"], &[], &[], "branch one"),
        ("ccc333", &["aaa111"], &[], &[], "branch two"),
        ("ddd444", &["bbb222", "ccc333"], &[], &[], "merge branches"),
    ])
}

/// The 09 project: two labelled roots, extra depending on core.
fn labels() -> RevisionGraph {
    graph(&[
        ("abc111", &[], &["core"], &[], "core base"),
        ("abc222", &["abc111"], &[], &[], "core two"),
        ("def111", &[], &["extra"], &["abc222"], "extra base"),
        ("def222", &["def111"], &[], &[], "extra two"),
    ])
}

/// The 10 "two bases" case.
fn two_bases() -> RevisionGraph {
    graph(&[("a1111", &[], &[], &[], "a"), ("b1111", &[], &[], &[], "b")])
}

fn describe(walk: Result<Walk, GraphError>) -> String {
    let walk = match walk {
        Ok(walk) => walk,
        Err(err) => return err.alembic_line(),
    };
    let mut out = String::new();
    for warning in &walk.warnings {
        out.push_str(&format!("UserWarning: {warning}\n"));
    }
    for step in &walk.steps {
        out.push_str(&step.running_message());
        out.push('\n');
        for change in &step.version_changes {
            out.push_str(&match change {
                VersionChange::Insert { version } => format!("  INSERT {version}\n"),
                VersionChange::Update { from, to } => format!("  UPDATE {from} -> {to}\n"),
                VersionChange::Delete { version } => format!("  DELETE {version}\n"),
            });
        }
    }
    out.push_str(&format!("rows: {}", walk.heads_after.join(", ")));
    out
}

/// Runs `alembic <command>` (upgrade, downgrade or stamp, with `--sql` / `--purge`)
/// against a database whose `alembic_version` rows are `rows`.
fn run(graph: &RevisionGraph, rows: &[&str], command: &str) -> String {
    let rows: Vec<String> = rows.iter().map(|s| (*s).to_owned()).collect();
    let args: Vec<&str> = command.split_whitespace().collect();
    let sql = args.contains(&"--sql");
    let purge = args.contains(&"--purge");
    let positional: Vec<String> = args[1..]
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(|s| (*s).to_owned())
        .collect();
    let walk = match args[0] {
        "upgrade" => upgrade_command(graph, &rows, &positional[0], sql),
        "downgrade" => downgrade_command(graph, &rows, &positional[0], sql),
        "stamp" => stamp_command(graph, &rows, &positional, sql, purge),
        other => panic!("not a walk: {other}"),
    };
    describe(walk)
}

fn check(graph: &RevisionGraph, rows: &[&str], command: &str, expect: &str) {
    let actual = run(graph, rows, command);
    assert_eq!(
        actual.trim_end(),
        expect.trim(),
        "alembic {command} from {rows:?}"
    );
}

#[test]
fn transcript_06_linear_upgrades_and_downgrades() {
    let g = proj();
    check(
        &g,
        &[],
        "upgrade head",
        "
Running upgrade  -> 1a2b3c4d5e6f, create users
  INSERT 1a2b3c4d5e6f
Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f70, add email
  UPDATE 1a2b3c4d5e6f -> 2b3c4d5e6f70
Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081, create posts
  UPDATE 2b3c4d5e6f70 -> 3c4d5e6f7081
rows: 3c4d5e6f7081",
    );
    check(
        &g,
        &["3c4d5e6f7081"],
        "downgrade -1",
        "
Running downgrade 3c4d5e6f7081 -> 2b3c4d5e6f70, create posts
  UPDATE 3c4d5e6f7081 -> 2b3c4d5e6f70
rows: 2b3c4d5e6f70",
    );
    let at_2b = &["2b3c4d5e6f70"];
    check(
        &g,
        at_2b,
        "downgrade -5",
        "FAILED: Relative revision -5 didn't produce 5 migrations",
    );
    check(
        &g,
        at_2b,
        "downgrade +1",
        "FAILED: Relative revision +1 didn't produce 1 migrations",
    );
    check(
        &g,
        at_2b,
        "upgrade -1",
        "FAILED: Relative revision -1 didn't produce 1 migrations",
    );
    check(
        &g,
        at_2b,
        "downgrade head",
        "FAILED: Destination head is not a valid downgrade target from current head(s)",
    );
    check(&g, at_2b, "upgrade base", "rows: 2b3c4d5e6f70");
    check(
        &g,
        at_2b,
        "downgrade base",
        "
Running downgrade 2b3c4d5e6f70 -> 1a2b3c4d5e6f, add email
  UPDATE 2b3c4d5e6f70 -> 1a2b3c4d5e6f
Running downgrade 1a2b3c4d5e6f -> , create users
  DELETE 1a2b3c4d5e6f
rows:",
    );
    check(
        &g,
        &[],
        "downgrade -1",
        "FAILED: Relative revision -1 didn't produce 1 migrations",
    );
    check(
        &g,
        &[],
        "upgrade +2",
        "
Running upgrade  -> 1a2b3c4d5e6f, create users
  INSERT 1a2b3c4d5e6f
Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f70, add email
  UPDATE 1a2b3c4d5e6f -> 2b3c4d5e6f70
rows: 2b3c4d5e6f70",
    );
    check(
        &g,
        at_2b,
        "upgrade +5",
        "FAILED: Relative revision +5 didn't produce 5 migrations",
    );
    check(
        &g,
        at_2b,
        "upgrade zzzz",
        "FAILED: Can't locate revision identified by 'zzzz'",
    );
    // Two characters are enough when the full id is longer than three.
    check(
        &g,
        at_2b,
        "upgrade 3c",
        "
Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081, create posts
  UPDATE 2b3c4d5e6f70 -> 3c4d5e6f7081
rows: 3c4d5e6f7081",
    );
    check(&g, &["3c4d5e6f7081"], "upgrade head", "rows: 3c4d5e6f7081");
}

#[test]
fn transcript_06_stamps_and_ranges() {
    let g = proj();
    check(
        &g,
        &["3c4d5e6f7081"],
        "stamp base",
        "
Running stamp_revision 3c4d5e6f7081 -> 
  DELETE 3c4d5e6f7081
rows:",
    );
    check(
        &g,
        &[],
        "stamp head",
        "
Running stamp_revision  -> 3c4d5e6f7081
  INSERT 3c4d5e6f7081
rows: 3c4d5e6f7081",
    );
    check(
        &g,
        &["3c4d5e6f7081"],
        "stamp 2b3c4d5e6f70 --sql",
        "
Running stamp_revision  -> 2b3c4d5e6f70
  INSERT 2b3c4d5e6f70
rows: 2b3c4d5e6f70",
    );
    check(
        &g,
        &["2b3c4d5e6f70"],
        "stamp head --purge",
        "
Running stamp_revision  -> 3c4d5e6f7081
  INSERT 3c4d5e6f7081
rows: 3c4d5e6f7081",
    );
    check(
        &g,
        &[],
        "stamp 1a2b3c4d5e6f 2b3c4d5e6f70 --sql",
        "
Running stamp_revision  -> 1a2b3c4d5e6f
  INSERT 1a2b3c4d5e6f
Running stamp_revision  -> 2b3c4d5e6f70
  INSERT 2b3c4d5e6f70
rows: 1a2b3c4d5e6f, 2b3c4d5e6f70",
    );
    check(
        &g,
        &["3c4d5e6f7081"],
        "upgrade 1a2b3c4d5e6f:head",
        "FAILED: Range revision not allowed",
    );
    check(
        &g,
        &["3c4d5e6f7081"],
        "downgrade 3c4d:2b3c",
        "FAILED: Range revision not allowed",
    );
}

#[test]
fn transcript_06b_history_relative_to_current() {
    let g = proj();
    let at_head = ["3c4d5e6f7081".to_owned()];
    let history_of = |range: &str| {
        let options = HistoryOptions {
            rev_range: Some(range.to_owned()),
            ..HistoryOptions::default()
        };
        history(&g, &options, &at_head).unwrap_or_else(|e| e.alembic_line())
    };
    assert_eq!(
        history_of("2b3c:"),
        "2b3c4d5e6f70 -> 3c4d5e6f7081 (head), create posts\n1a2b3c4d5e6f -> 2b3c4d5e6f70, add email\n"
    );
    assert_eq!(
        history_of("-1:current"),
        "2b3c4d5e6f70 -> 3c4d5e6f7081 (head), create posts\n1a2b3c4d5e6f -> 2b3c4d5e6f70, add email\n"
    );
    assert_eq!(
        history_of("current:"),
        "2b3c4d5e6f70 -> 3c4d5e6f7081 (head), create posts\n"
    );
    // 03: `history --indicate-current` at head.
    let options = HistoryOptions {
        indicate_current: true,
        ..HistoryOptions::default()
    };
    assert_eq!(
        history(&g, &options, &at_head).as_deref(),
        Ok(
            "2b3c4d5e6f70 -> 3c4d5e6f7081 (head) (current), create posts\n\
            1a2b3c4d5e6f -> 2b3c4d5e6f70, add email\n\
            <base> -> 1a2b3c4d5e6f, create users\n"
        )
    );
    // 03: `current` and `current --verbose` (whose first line the caller prints).
    assert_eq!(
        current(&g, &at_head, false, false).as_deref(),
        Ok("3c4d5e6f7081 (head)\n")
    );
    assert_eq!(current(&g, &[], false, false).as_deref(), Ok(""));
    assert_eq!(
        current(&g, &at_head, true, false).as_deref(),
        Ok("Rev: 3c4d5e6f7081 (head)\nParent: 2b3c4d5e6f70\nPath: <scratch>/alembic/versions/3c4d5e6f7081.py\n\n    create posts\n\n")
    );
}

#[test]
fn transcript_08a_branches() {
    let g = branchy();
    let multiple = "FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific \
                    target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";
    check(&g, &[], "upgrade head", multiple);
    check(&g, &[], "upgrade head --sql", multiple);
    // `upgrade heads --sql` (the same order online): aaa111, ccc333, then bbb222.
    check(
        &g,
        &[],
        "upgrade heads",
        "
Running upgrade  -> aaa111, base rev
  INSERT aaa111
Running upgrade aaa111 -> ccc333, branch two
  UPDATE aaa111 -> ccc333
Running upgrade aaa111 -> bbb222, branch one
  INSERT bbb222
rows: ccc333, bbb222",
    );
    // The rows as the transcript's select returned them.
    check(
        &g,
        &["ccc333", "bbb222"],
        "downgrade -1",
        "
UserWarning: downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release.
Running downgrade ccc333 -> aaa111, branch two
  DELETE ccc333
rows: bbb222",
    );
    check(
        &g,
        &["bbb222"],
        "downgrade bbb222@-1",
        "
Running downgrade bbb222 -> aaa111, branch one
  UPDATE bbb222 -> aaa111
rows: aaa111",
    );
    assert_eq!(
        current(&g, &["aaa111".to_owned()], false, false).as_deref(),
        Ok("aaa111 (branchpoint)\n")
    );
    check(
        &g,
        &["aaa111"],
        "upgrade bbb222",
        "
Running upgrade aaa111 -> bbb222, branch one
  UPDATE aaa111 -> bbb222
rows: bbb222",
    );
    check(
        &g,
        &["bbb222"],
        "upgrade ccc333",
        "
Running upgrade aaa111 -> ccc333, branch two
  INSERT ccc333
rows: bbb222, ccc333",
    );
    let both = ["ccc333".to_owned(), "bbb222".to_owned()];
    assert_eq!(
        current(&g, &both, false, false).as_deref(),
        Ok("bbb222 (head)\nccc333 (head)\n")
    );
    let options = HistoryOptions {
        indicate_current: true,
        ..HistoryOptions::default()
    };
    assert_eq!(
        history(&g, &options, &both).as_deref(),
        Ok("aaa111 -> bbb222 (head) (current), branch one\n\
            aaa111 -> ccc333 (head) (current), branch two\n\
            <base> -> aaa111 (branchpoint), base rev\n")
    );
}

#[test]
fn transcript_08b_merge_and_unmerge() {
    let g = merged();
    check(
        &g,
        &[],
        "upgrade head --sql",
        "
Running upgrade  -> aaa111, base rev
  INSERT aaa111
Running upgrade aaa111 -> ccc333, branch two
  UPDATE aaa111 -> ccc333
Running upgrade aaa111 -> bbb222, branch one
  INSERT bbb222
Running upgrade bbb222, ccc333 -> ddd444, merge branches
  DELETE bbb222
  UPDATE ccc333 -> ddd444
rows: ddd444",
    );
    check(
        &g,
        &["bbb222", "ccc333"],
        "upgrade head",
        "
Running upgrade bbb222, ccc333 -> ddd444, merge branches
  DELETE bbb222
  UPDATE ccc333 -> ddd444
rows: ddd444",
    );
    assert_eq!(
        current(&g, &["ddd444".to_owned()], false, false).as_deref(),
        Ok("ddd444 (head) (mergepoint)\n")
    );
    check(&g, &["ddd444"], "downgrade -1", "FAILED: Ambiguous walk");
    check(
        &g,
        &[],
        "downgrade ddd444:aaa111 --sql",
        "
Running downgrade ddd444 -> bbb222, ccc333, merge branches
  INSERT bbb222
  UPDATE ddd444 -> ccc333
Running downgrade bbb222 -> aaa111, branch one
  DELETE bbb222
Running downgrade ccc333 -> aaa111, branch two
  UPDATE ccc333 -> aaa111
rows: aaa111",
    );
    check(
        &g,
        &["ddd444"],
        "downgrade base --sql",
        "FAILED: downgrade with --sql requires <fromrev>:<torev>",
    );
}

#[test]
fn transcript_09_branch_labels_and_depends_on() {
    let g = labels();
    check(
        &g,
        &[],
        "upgrade extra@+1 --sql",
        "
Running upgrade  -> abc111, core base
  INSERT abc111
Running upgrade abc111 -> abc222, core two
  UPDATE abc111 -> abc222
Running upgrade  -> def111, extra base
  UPDATE abc222 -> def111
rows: def111",
    );
    check(
        &g,
        &[],
        "upgrade extra@head",
        "
Running upgrade  -> abc111, core base
  INSERT abc111
Running upgrade abc111 -> abc222, core two
  UPDATE abc111 -> abc222
Running upgrade  -> def111, extra base
  UPDATE abc222 -> def111
Running upgrade def111 -> def222, extra two
  UPDATE def111 -> def222
rows: def222",
    );
    let at_def222 = ["def222".to_owned()];
    // Alembic prints these two from a set: both orders were seen in the transcript.
    assert_eq!(
        current(&g, &at_def222, false, false).as_deref(),
        Ok("abc222 (effective head)\ndef222 (head)\n")
    );
    check(&g, &["def222"], "upgrade core@head", "rows: def222");
    check(&g, &["def222"], "upgrade heads", "rows: def222");
    check(
        &g,
        &["def222"],
        "downgrade core@base",
        "
Running downgrade def222 -> def111, extra two
  UPDATE def222 -> def111
Running downgrade def111 -> , extra base
  UPDATE def111 -> abc222
Running downgrade abc222 -> abc111, core two
  UPDATE abc222 -> abc111
Running downgrade abc111 -> , core base
  DELETE abc111
rows:",
    );
    check(&g, &[], "downgrade extra@base", "rows:");
    check(&g, &[], "downgrade core@base", "rows:");
    check(
        &g,
        &[],
        "upgrade nonexistent@head",
        "FAILED: Can't locate revision identified by 'nonexistent'",
    );
    check(
        &g,
        &[],
        "upgrade abc222@+1",
        "
Running upgrade  -> abc111, core base
  INSERT abc111
rows: abc111",
    );
}

#[test]
fn transcript_10_two_bases() {
    let g = two_bases();
    let multiple = "FAILED: Multiple head revisions are present for given argument 'head'; please specify a specific \
                    target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads";
    check(&g, &[], "upgrade head", multiple);
    check(
        &g,
        &[],
        "upgrade heads",
        "
Running upgrade  -> b1111, b
  INSERT b1111
Running upgrade  -> a1111, a
  INSERT a1111
rows: b1111, a1111",
    );
    assert_eq!(
        current(&g, &["a1111".to_owned(), "b1111".to_owned()], false, false).as_deref(),
        Ok("a1111 (head)\nb1111 (head)\n")
    );
    check(
        &g,
        &["a1111", "b1111"],
        "downgrade base",
        "
Running downgrade a1111 -> , a
  DELETE a1111
Running downgrade b1111 -> , b
  DELETE b1111
rows:",
    );
}

/// `revision_step`: one revision up, then down to its parents, through a merge — the
/// steps of a stairway, with the rows Alembic's `HeadMaintainer` leaves.
#[test]
fn revision_steps_through_a_merge() {
    let g = graph(&[
        ("aaa111", &[], &[], &[], "base rev"),
        ("bbb222", &["aaa111"], &[], &[], "branch one"),
        ("ccc333", &["aaa111"], &[], &[], "branch two"),
        ("ddd444", &["bbb222", "ccc333"], &[], &[], "merge branches"),
    ]);
    let heads = |w: &Walk| w.heads_after.clone();
    let up = g.revision_step(&["bbb222".into(), "ccc333".into()], "ddd444", true);
    let up = up.expect("merge up");
    assert_eq!(heads(&up), vec!["ddd444".to_owned()]);
    let down = g
        .revision_step(&heads(&up), "ddd444", false)
        .expect("merge down");
    let mut rows = heads(&down);
    rows.sort();
    assert_eq!(rows, vec!["bbb222".to_owned(), "ccc333".to_owned()]);
    // A branch: down from {bbb222, ccc333} removes ccc333 only.
    let down = g
        .revision_step(&["bbb222".into(), "ccc333".into()], "ccc333", false)
        .expect("branch down");
    assert_eq!(
        down.steps[0].version_changes,
        vec![VersionChange::Delete {
            version: "ccc333".into()
        }]
    );
    assert!(g.revision_step(&[], "zzz", true).is_err());
}
