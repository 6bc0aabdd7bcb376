//! Whatever the history (cycles, missing parents, duplicate ids, garbage ids), building
//! the graph, rendering it and resolving any string never panics and always returns.

use proptest::prelude::*;
use retort_graph::{
    branches, current, downgrade_command, heads, history, show, stamp_command, upgrade_command,
    HistoryOptions, RevisionGraph, RevisionNode,
};

/// Ids that collide, look like Alembic's symbols, or break its rules.
fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec!["a1111", "b2222", "c3333", "d4444", "e5555", "abcd1", "abcd2", "ab"])
            .prop_map(str::to_owned),
        1 => prop::sample::select(vec![
            "", "head", "heads", "base", "current", "-1", "+2", "a@b", "x:y", "core", "a1111@head", "ééé1", "a-1",
        ])
        .prop_map(str::to_owned),
        1 => "[a-e0-9@+:-]{0,6}",
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["core", "extra", "a1111", "head", "x@y", ""]).prop_map(str::to_owned)
}

fn node() -> impl Strategy<Value = RevisionNode> {
    (
        id(),
        prop::collection::vec(id(), 0..3),
        prop::collection::vec(label(), 0..2),
        prop::collection::vec(prop_oneof![id(), label()], 0..2),
        "[a-z \n]{0,12}",
    )
        .prop_map(
            |(id, down_revisions, branch_labels, depends_on, longdoc)| RevisionNode {
                path: format!("versions/{id}.py"),
                doc: longdoc.split("\n\n").next().unwrap_or_default().to_owned(),
                id,
                down_revisions,
                branch_labels,
                depends_on,
                longdoc,
                file_index: 0,
            },
        )
}

/// Revision arguments: symbols, ids, partial ids, relative and labelled forms.
fn argument() -> impl Strategy<Value = String> {
    prop_oneof![
        id(),
        (
            prop_oneof![Just(String::new()), label(), id()],
            "[+-][0-9]{1,2}"
        )
            .prop_map(|(s, n)| format!("{s}{n}")),
        (
            label(),
            prop::sample::select(vec!["head", "base", "heads", "+1", "-1", "a1111", "abcd"])
        )
            .prop_map(|(l, s)| format!("{l}@{s}")),
        ".{0,8}",
    ]
}

fn exercise(graph: &RevisionGraph, args: &[String], rows: &[String]) {
    let _ = graph.heads();
    let _ = graph.load_warnings();
    let _ = graph.branch_points();
    let plan = graph.states_before();
    assert_eq!(plan.len(), graph.revisions().len());
    for rev in graph.revisions() {
        let _ = graph.ancestors_of(&rev.id, true);
        let down = graph.descendants_of(&rev.id, false);
        let index = graph.index_of(&rev.id);
        let as_ids: Vec<String> = index
            .map(|i| graph.descendant_indices(i, false))
            .unwrap_or_default()
            .into_iter()
            .map(|i| graph.revisions()[i].id.clone())
            .collect();
        assert_eq!(down, as_ids);
    }
    assert!(graph.descendant_indices(usize::MAX, true).is_empty());
    let _ = heads(graph, true, false);
    let _ = heads(graph, false, true);
    let _ = branches(graph, true);
    let _ = current(graph, rows, true, true);
    for verbose in [false, true] {
        let _ = history(
            graph,
            &HistoryOptions {
                verbose,
                ..HistoryOptions::default()
            },
            rows,
        );
    }
    for arg in args {
        let _ = graph.resolve(arg);
        let _ = graph.resolve_one(arg);
        let _ = graph.upgrade_target(rows, arg);
        let _ = graph.downgrade_target(rows, arg);
        let _ = show(graph, arg, rows);
        for range in [
            format!("{arg}:"),
            format!(":{arg}"),
            format!("{arg}:{arg}"),
            format!("base:{arg}"),
        ] {
            let options = HistoryOptions {
                rev_range: Some(range),
                indicate_current: true,
                ..HistoryOptions::default()
            };
            let _ = history(graph, &options, rows);
        }
        let _ = upgrade_command(graph, rows, arg, false);
        let _ = downgrade_command(graph, rows, arg, false);
        let _ = upgrade_command(graph, rows, &format!("{arg}:heads"), true);
        let _ = downgrade_command(graph, rows, &format!("heads:{arg}"), true);
        let _ = stamp_command(graph, rows, std::slice::from_ref(arg), false, false);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn building_and_querying_never_panics(
        nodes in prop::collection::vec(node(), 0..9),
        args in prop::collection::vec(argument(), 0..4),
        rows in prop::collection::vec(id(), 0..3),
    ) {
        let (graph, problems) = RevisionGraph::build(nodes);
        prop_assert_eq!(graph.problems(), problems.as_slice());
        exercise(&graph, &args, &rows);
        exercise(&graph.lenient(true), &args, &rows);
    }

    #[test]
    fn a_well_formed_history_has_no_problems_and_walks_everywhere(
        parents in prop::collection::vec(prop::collection::vec(0usize..8, 0..3), 1..9),
    ) {
        // Revision i may only name earlier revisions: a DAG, so Alembic accepts it.
        let nodes: Vec<RevisionNode> = parents
            .iter()
            .enumerate()
            .map(|(i, ps)| {
                let mut down: Vec<String> = ps.iter().filter(|&&p| p < i).map(|p| format!("r{p:04}")).collect();
                down.dedup();
                RevisionNode { id: format!("r{i:04}"), down_revisions: down, ..RevisionNode::default() }
            })
            .collect();
        let (graph, problems) = RevisionGraph::build(nodes);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let up = graph.upgrade(&[], "heads");
        prop_assert!(up.is_ok(), "{:?}", up);
        let up = up.unwrap_or_else(|_| unreachable!());
        // Every revision runs exactly once, after all of its parents.
        prop_assert_eq!(up.steps.len(), graph.revisions().len());
        let order: Vec<String> = up.steps.iter().filter_map(|s| s.revision.clone()).collect();
        for (i, step) in up.steps.iter().enumerate() {
            for parent in &step.from_revisions {
                let at = order.iter().position(|r| r == parent);
                prop_assert!(at.is_some_and(|p| p < i), "{} before its parent {}", order[i], parent);
            }
        }
        let mut rows = up.heads_after.clone();
        rows.sort();
        let mut real_heads = graph.real_heads().to_vec();
        real_heads.sort();
        prop_assert_eq!(rows, real_heads);
        let down = graph.downgrade(&up.heads_after, "base");
        prop_assert!(down.as_ref().is_ok_and(|w| w.heads_after.is_empty()), "{:?}", down);
    }
}

/// A long history (10,000 revisions, a branch and a merge every 100) is handled in one
/// pass: no quadratic walk, no deep recursion.
#[test]
fn ten_thousand_revisions() {
    let mut nodes = Vec::new();
    let mut previous = None::<String>;
    for i in 0..10_000 {
        let id = format!("r{i:05}");
        let mut down: Vec<String> = previous.iter().cloned().collect();
        if i % 100 == 50 {
            // a side branch off the revision two back, merged here
            down.push(format!("s{i:05}"));
            nodes.push(RevisionNode {
                id: format!("s{i:05}"),
                down_revisions: vec![format!("r{:05}", i - 2)],
                ..RevisionNode::default()
            });
        }
        nodes.push(RevisionNode {
            id: id.clone(),
            down_revisions: down,
            ..RevisionNode::default()
        });
        previous = Some(id);
    }
    let (graph, problems) = RevisionGraph::build(nodes);
    assert!(problems.is_empty());
    assert_eq!(graph.heads(), ["r09999"]);
    let text = history(&graph, &HistoryOptions::default(), &[]).unwrap_or_default();
    assert_eq!(text.lines().count(), graph.revisions().len());
    let up = graph.upgrade(&[], "heads").map(|w| w.steps.len());
    assert_eq!(up, Ok(graph.revisions().len()));
    let down = graph
        .downgrade(&["r09999".to_owned()], "base")
        .map(|w| w.heads_after);
    assert_eq!(down, Ok(Vec::new()));
    assert_eq!(graph.resolve_one("s0505"), Ok(Some("s05050".to_owned())));
    // Each merge replays only the one-revision side branch.
    let replayed: usize = graph.states_before().iter().map(|s| s.replay.len()).sum();
    assert_eq!(replayed, 100);
}
