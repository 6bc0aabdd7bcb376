//! Linting again after an edit: only the revisions whose findings can have changed.
//!
//! A rule sees its revision, the revision graph and the catalog before the revision,
//! which the revision's ancestors make (and `op-fails-on-schema` the set of tables
//! the project's upgrades create). So when the configuration, the graph (ids,
//! parents, labels, dependencies, paths, docstrings), the project's diagnostics and
//! that set are as they were, a revision's findings can change only if it, or one of its ancestors
//! through `down_revision` or `depends_on`, was read again; the others are taken from
//! the last run. Anything else changed: everything is linted again.

use std::collections::HashMap;

use retort_analysis::graph::RevisionGraph;
use retort_analysis::{Project, WalkMemo};
use retort_ir::Diagnostic;

use crate::config::Config;
use crate::engine;
use crate::finding::Finding;
use crate::registry::Rule;
use crate::rules::retort::op_fails_on_schema::CreatedTables;

/// What the last run linted, for [`LintMemo::lint`].
#[derive(Debug, Default)]
pub struct LintMemo {
    last: Option<LastRun>,
}

#[derive(Debug)]
struct LastRun {
    config: Config,
    graph: RevisionGraph,
    diagnostics: Vec<Diagnostic>,
    /// Every table an upgrade creates: `op-fails-on-schema` reads it.
    created: CreatedTables,
    /// Findings by revision path.
    findings: HashMap<String, Vec<Finding>>,
    /// The catalog walk's states, for the next walk to start where the edits do.
    walk: WalkMemo,
}

impl LintMemo {
    /// The findings of [`crate::lint`] on `project`, on the calling thread, linting
    /// only what may differ from the last call: `reread` names the revision files
    /// whose reading changed since (a file not named must read as it did).
    pub fn lint(&mut self, project: &Project, config: &Config, reread: &[&str]) -> Vec<Finding> {
        let created = CreatedTables::of(project);
        let selected = self
            .last
            .as_ref()
            .filter(|last| {
                last.config == *config
                    && last.graph == project.graph
                    && last.diagnostics == project.diagnostics
                    && last.created == created
            })
            .map(|_| affected(project, reread));
        // A walk of another graph or configuration is of no use.
        let mut walk = match (&selected, &mut self.last) {
            (Some(_), Some(last)) => std::mem::take(&mut last.walk),
            _ => WalkMemo::default(),
        };
        let mut findings =
            engine::lint_selected(project, config, 1, selected.as_deref(), Some(&mut walk));
        if let (Some(selected), Some(last)) = (&selected, &mut self.last) {
            for (revision, _) in project.revisions.iter().zip(selected).filter(|(_, s)| !**s) {
                if let Some(kept) = last.findings.remove(&revision.path) {
                    findings.extend(kept);
                }
            }
            findings = engine::sort(findings);
        }
        let mut by_path: HashMap<String, Vec<Finding>> = HashMap::new();
        // What loading the project reported comes back from every run.
        for finding in findings.iter().filter(|f| f.rule != Rule::ProjectProblem) {
            by_path
                .entry(finding.path.clone())
                .or_default()
                .push(finding.clone());
        }
        self.last = Some(LastRun {
            config: config.clone(),
            graph: project.graph.clone(),
            diagnostics: project.diagnostics.clone(),
            created,
            findings: by_path,
            walk,
        });
        findings
    }
}

/// The revisions read again and everything above them, by index into the project's
/// revisions.
fn affected(project: &Project, reread: &[&str]) -> Vec<bool> {
    let graph = &project.graph;
    let nodes = graph.revisions();
    let mut selected = vec![false; project.revisions.len()];
    for (index, revision) in project.revisions.iter().enumerate() {
        if !reread.contains(&revision.path.as_str()) || selected[index] {
            continue;
        }
        selected[index] = true;
        let Some(node) = nodes.iter().position(|n| n.file_index == index) else {
            continue;
        };
        for above in graph.descendant_indices(node, true) {
            if let Some(slot) = nodes
                .get(above)
                .and_then(|n| selected.get_mut(n.file_index))
            {
                *slot = true;
            }
        }
    }
    selected
}
