//! The plan for the state before each revision: parents first, a merge replays the
//! other branch, `depends_on` brings its ancestors in, a cycle still gets a plan.

use retort_graph::{RevisionGraph, RevisionNode};

/// `(id, down_revisions, depends_on)`; file index = position.
type Spec<'a> = (&'a str, &'a [&'a str], &'a [&'a str]);

/// One line per revision in plan order: `id: start_after + replay…`.
fn check(specs: &[Spec<'_>], expect: &str) {
    let strings = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let (graph, _) = RevisionGraph::build(
        specs
            .iter()
            .enumerate()
            .map(|(i, (id, down, deps))| RevisionNode {
                id: (*id).to_owned(),
                down_revisions: strings(down),
                depends_on: strings(deps),
                path: format!("v/{i}.py"),
                file_index: i,
                ..RevisionNode::default()
            })
            .collect(),
    );
    let id = |i: usize| graph.revisions()[i].id.clone();
    let plan = graph.states_before();
    assert_eq!(plan.len(), specs.len());
    let actual: Vec<String> = plan
        .iter()
        .map(|s| {
            let mut line = format!(
                "{}: {}",
                id(s.revision),
                s.start_after.map_or("empty".to_owned(), id)
            );
            for r in &s.replay {
                line.push_str(&format!(" + {}", id(*r)));
            }
            line
        })
        .collect();
    assert_eq!(actual.join("\n"), expect.trim());
}

#[test]
fn linear_history_in_parents_first_order() {
    check(
        &[("c", &["b"], &[]), ("a", &[], &[]), ("b", &["a"], &[])],
        "a: empty\nb: a\nc: b",
    );
}

#[test]
fn a_merge_replays_the_other_branch_since_the_fork() {
    check(
        &[
            ("a", &[], &[]),
            ("b1", &["a"], &[]),
            ("b2", &["b1"], &[]),
            ("c1", &["a"], &[]),
            ("m", &["b2", "c1"], &[]),
            ("n", &["m"], &[]),
        ],
        "a: empty\nb1: a\nb2: b1\nc1: a\nm: b2 + c1\nn: m",
    );
}

#[test]
fn depends_on_brings_in_its_ancestors() {
    check(
        &[
            ("a", &[], &[]),
            ("x", &[], &[]),
            ("y", &["x"], &[]),
            ("b", &["a"], &["y"]),
        ],
        "a: empty\nx: empty\ny: x\nb: a + x + y",
    );
}

#[test]
fn a_cycle_and_a_missing_parent_still_get_a_plan() {
    check(
        &[
            ("a", &[], &[]),
            ("b", &["c"], &[]),
            ("c", &["b"], &[]),
            ("d", &["zzzz"], &[]),
        ],
        "a: empty\nd: empty\nb: empty + c\nc: b",
    );
}
