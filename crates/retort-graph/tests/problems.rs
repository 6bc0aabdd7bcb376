//! Problems as values: what each says, which files it names, what Alembic does about
//! it, and how the repaired graph still answers (lenient mode).

use retort_graph::{
    heads, history, AlembicReaction, GraphProblem, HistoryOptions, ProblemKind, RevisionGraph,
    RevisionNode,
};

/// `(id, down_revisions, branch_labels, depends_on)`; file index = position.
type Spec<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);

fn build(specs: &[Spec<'_>]) -> (RevisionGraph, Vec<GraphProblem>) {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    RevisionGraph::build(
        specs
            .iter()
            .enumerate()
            .map(|(i, (id, down, labels, deps))| RevisionNode {
                id: (*id).to_owned(),
                down_revisions: strings(down),
                branch_labels: strings(labels),
                depends_on: strings(deps),
                path: format!("versions/{i}_{id}.py"),
                longdoc: format!("rev {id}"),
                doc: format!("rev {id}"),
                file_index: i,
            })
            .collect(),
    )
}

/// One line per problem: kind, reaction, files, Alembic's text, traceback line.
fn summary(problems: &[GraphProblem]) -> String {
    problems
        .iter()
        .map(|p| {
            format!(
                "{} {:?} {:?} | {} | {}",
                p.kind.code(),
                p.reaction,
                p.file_indices,
                p.message,
                p.exception.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(specs: &[Spec<'_>], expect: &str) -> RevisionGraph {
    let (graph, problems) = build(specs);
    assert_eq!(summary(&problems), expect.trim());
    assert_eq!(graph.problems(), problems.as_slice());
    graph
}

#[test]
fn each_kind_of_problem() {
    check(
        &[("a1111", &[], &[], &[]), ("a1111", &[], &[], &[])],
        "duplicate-revision Warns [1, 0] | Revision a1111 is present more than once | -",
    );
    check(
        &[
            ("r0000", &[], &[], &[]),
            ("a1111", &["b1111"], &[], &[]),
            ("b1111", &["a1111"], &[], &[]),
        ],
        "cycle Refuses [1, 2] | Cycle is detected in revisions (a1111, b1111) \
         | alembic.script.revision.CycleDetected: Cycle is detected in revisions (a1111, b1111)",
    );
    check(
        &[("a1111", &["a1111"], &[], &[])],
        "self-loop Refuses [0] | Self-loop is detected in revisions (a1111) \
         | alembic.script.revision.LoopDetected: Self-loop is detected in revisions (a1111)",
    );
    check(
        &[("a1111", &[], &[], &["a1111"])],
        "dependency-self-loop Refuses [0] | Dependency self-loop is detected in revisions (a1111) \
         | alembic.script.revision.DependencyLoopDetected: Dependency self-loop is detected in revisions (a1111)",
    );
    check(
        &[("a1111", &[], &[], &[]), ("b1111", &["a1111"], &[], &["c1111"]), ("c1111", &["b1111"], &[], &[])],
        "dependency-cycle Refuses [0, 1, 2] | Dependency cycle is detected in revisions (a1111, b1111, c1111) \
         | alembic.script.revision.DependencyCycleDetected: Dependency cycle is detected in revisions (a1111, b1111, c1111)",
    );
    check(
        &[("a-1", &[], &[], &[])],
        "illegal-revision-characters Refuses [0] | Character(s) '-' not allowed in revision identifier 'a-1' \
         | alembic.script.revision.RevisionError: Character(s) '-' not allowed in revision identifier 'a-1'",
    );
    check(
        &[("a1111", &[], &["lbl"], &[]), ("b1111", &[], &["lbl"], &[])],
        "duplicate-branch-label Refuses [1, 0] | Branch name 'lbl' in revision b1111 already used by revision a1111 \
         | alembic.script.revision.RevisionError: Branch name 'lbl' in revision b1111 already used by revision a1111",
    );
    check(
        &[("a1111", &[], &[], &["zzzz9999"])],
        "missing-dependency Crashes [0] | Dependency zzzz9999 of revision a1111 is not present | KeyError: 'zzzz9999'",
    );
    check(
        &[("a1111", &[], &[], &[]), ("b1111", &["zzzz9999"], &[], &[])],
        "missing-parent Crashes [1] | Revision zzzz9999 referenced from zzzz9999 -> b1111 (head), rev b1111 is not present \
         | KeyError: 'zzzz9999'",
    );
    check(
        &[("a1111", &[], &["core"], &[]), ("b1111", &["core"], &[], &[])],
        "down-revision-is-branch-label Crashes [1, 0] | Revision b1111 names branch label 'core' in down_revision \
         | KeyError: 'core'",
    );
}

#[test]
fn problems_come_in_the_order_alembic_meets_them() {
    // A duplicate warns as its file loads; the self-loop in a later file stops Alembic
    // there; the missing parent and the label clash would only be met after a fix.
    let graph = check(
        &[
            ("a1111", &[], &["lbl"], &[]),
            ("a1111", &[], &[], &[]),
            ("c1111", &["c1111"], &["lbl"], &[]),
            ("d1111", &["gone"], &[], &[]),
        ],
        "
duplicate-revision Warns [1, 0] | Revision a1111 is present more than once | -
self-loop Refuses [2] | Self-loop is detected in revisions (c1111) | alembic.script.revision.LoopDetected: Self-loop is detected in revisions (c1111)
duplicate-branch-label Refuses [2, 0] | Branch name 'lbl' in revision c1111 already used by revision a1111 | alembic.script.revision.RevisionError: Branch name 'lbl' in revision c1111 already used by revision a1111
missing-parent Crashes [3] | Revision gone referenced from gone -> d1111 (head), rev d1111 is not present | KeyError: 'gone'",
    );
    assert_eq!(
        graph.load_warnings(),
        ["Revision a1111 is present more than once"]
    );
    assert_eq!(
        graph.alembic_failure().map(|p| p.kind),
        Some(ProblemKind::SelfLoop)
    );
    assert!(graph.problems().iter().skip(1).all(GraphProblem::is_fatal));
    let diagnostic = graph.problems()[3].to_diagnostic();
    assert_eq!(diagnostic.code, "missing-parent");
    assert_eq!(diagnostic.path.as_deref(), Some("versions/3_d1111.py"));
    assert_eq!(
        diagnostic.message,
        "versions/3_d1111.py: down_revision of revision d1111 names gone, which is not in this history; \
         add the missing revision file or correct down_revision."
    );
}

#[test]
fn alembic_refuses_but_the_repaired_graph_still_answers() {
    let (graph, problems) = build(&[
        ("a1111", &[], &[], &[]),
        ("b1111", &["zzzz9999"], &[], &[]),
        ("c1111", &["b1111"], &[], &[]),
    ]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].reaction, AlembicReaction::Crashes);
    // Alembic itself dies with a KeyError on every command.
    let strict = history(&graph, &HistoryOptions::default(), &[]);
    assert_eq!(
        strict.map_err(|e| (e.exit_code(), e.alembic_line())),
        Err((1, "KeyError: 'zzzz9999'".to_owned()))
    );
    // The orphan shows as a base; the declared parent is kept for reference.
    let b = graph
        .get("b1111")
        .map(|r| (r.down_revisions.clone(), r.declared_down_revisions.clone()));
    assert_eq!(b, Some((vec![], vec!["zzzz9999".to_owned()])));
    assert_eq!(graph.bases(), ["a1111", "b1111"]);
    assert_eq!(graph.heads(), ["a1111", "c1111"]);
    let lenient = graph.lenient(true);
    assert_eq!(
        history(&lenient, &HistoryOptions::default(), &[]).as_deref(),
        Ok("<base> -> a1111 (head), rev a1111\nb1111 -> c1111 (head), rev c1111\n<base> -> b1111, rev b1111\n")
    );
    assert_eq!(
        heads(&lenient, false, false).as_deref(),
        Ok("a1111 (head)\nc1111 (head)\n")
    );
    let walk = lenient.upgrade(&[], "heads").map(|w| w.heads_after);
    assert_eq!(walk, Ok(vec!["c1111".to_owned(), "a1111".to_owned()]));
}

#[test]
fn a_cycle_does_not_stop_the_lenient_graph() {
    let (graph, problems) = build(&[
        ("r0000", &[], &[], &[]),
        ("a1111", &["b1111"], &[], &[]),
        ("b1111", &["a1111"], &[], &[]),
    ]);
    assert_eq!(problems[0].kind, ProblemKind::Cycle);
    // `alembic history` refuses; `alembic heads` does not catch the error.
    let failed = history(&graph, &HistoryOptions::default(), &[]).map_err(|e| e.alembic_line());
    assert_eq!(
        failed,
        Err("FAILED: Cycle is detected in revisions (a1111, b1111)".to_owned())
    );
    let crashed = heads(&graph, false, false).map_err(|e| (e.exit_code(), e.alembic_line()));
    assert_eq!(
        crashed,
        Err((
            1,
            "alembic.script.revision.CycleDetected: Cycle is detected in revisions (a1111, b1111)"
                .to_owned()
        ))
    );
    let lenient = graph.lenient(true);
    assert_eq!(
        heads(&lenient, false, false).as_deref(),
        Ok("r0000 (head)\n")
    );
    assert_eq!(
        lenient.get("a1111").map(|r| r.children.clone()),
        Some(vec!["b1111".to_owned()])
    );
    assert!(lenient.upgrade(&[], "a1111").is_ok());
}

#[test]
fn the_graph_is_plain_data() {
    // What the web worker sends: the graph survives a JSON round trip, queries included.
    let (graph, _) = build(&[
        ("abc111", &[], &["core"], &[]),
        ("abc222", &["abc111"], &[], &[]),
        ("def111", &[], &["extra"], &["abc222"]),
        ("dup000", &[], &[], &[]),
        ("dup000", &["gone"], &[], &[]),
    ]);
    let json = serde_json::to_string(&graph).unwrap_or_default();
    let back: Result<RevisionGraph, _> = serde_json::from_str(&json);
    assert_eq!(back.as_ref().ok(), Some(&graph));
    let text =
        |g: &RevisionGraph| history(&g.clone().lenient(true), &HistoryOptions::default(), &[]);
    assert_eq!(back.map(|g| text(&g)).ok(), Some(text(&graph)));
}
