//! The revision graph as the graph panel draws it.

use retort_analysis::graph::RevisionGraph;

use crate::protocol::{GraphNode, GraphView};

pub fn of(graph: &RevisionGraph) -> GraphView {
    GraphView {
        nodes: graph
            .revisions()
            .iter()
            .map(|r| GraphNode {
                id: r.id.clone(),
                path: r.path.clone(),
                doc: r.doc.clone(),
                parents: r.down_revisions.clone(),
                dependencies: r.resolved_dependencies.clone(),
                labels: r.own_branch_labels.clone(),
                is_head: r.is_head(),
                is_base: r.is_base(),
                is_branch_point: r.is_branch_point(),
                is_merge: r.is_merge_point(),
            })
            .collect(),
        heads: graph.heads().to_vec(),
        bases: graph.bases().to_vec(),
    }
}
