use serde::{Deserialize, Serialize};

/// One revision file as the graph needs it: what the front end read from the file.
///
/// Nodes are given to [`RevisionGraph::build`](crate::RevisionGraph::build) in the
/// order Alembic's `ScriptDirectory` loads the files (see
/// [`alembic_file_order`](crate::alembic_file_order)); that order decides the order of
/// heads, bases and of everything Alembic sorts by "revision map order".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RevisionNode {
    /// `revision`.
    pub id: String,
    /// `down_revision`: empty for `None` (a base), several for a merge, in the
    /// order written.
    pub down_revisions: Vec<String>,
    /// `branch_labels`, in the order written.
    pub branch_labels: Vec<String>,
    /// `depends_on`, in the order written (revision ids or branch labels; Alembic does
    /// not resolve partial ids here).
    pub depends_on: Vec<String>,
    /// The path Alembic's `Path:` lines print for this file.
    pub path: String,
    /// Alembic's `Script.longdoc`: the module docstring, stripped (empty when none).
    pub longdoc: String,
    /// Alembic's `Script.doc`: `longdoc` up to its first `"\n\n"`.
    pub doc: String,
    /// Index of the source file in the caller's list, carried into problems.
    pub file_index: usize,
}
