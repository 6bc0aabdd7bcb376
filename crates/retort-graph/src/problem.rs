use retort_ir::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};

/// What is wrong with the revision graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// Two files declare the same `revision`; the later file wins.
    DuplicateRevision,
    /// A revision lists itself in `down_revision`.
    SelfLoop,
    /// A revision lists itself in `depends_on`.
    DependencySelfLoop,
    /// A revision id contains `@`, `-`, `+` or `:`.
    IllegalCharacters,
    /// A branch label is already a revision id or another revision's label.
    DuplicateBranchLabel,
    /// `depends_on` names something that is neither a revision nor a branch label.
    MissingDependency,
    /// `down_revision` names a revision that is not present.
    MissingParent,
    /// `down_revision` names a branch label instead of a revision id.
    DownRevisionIsBranchLabel,
    /// Revisions that no head reaches, or that reach no base, through `down_revision`.
    Cycle,
    /// The same through `down_revision` and `depends_on` together.
    DependencyCycle,
}

impl ProblemKind {
    /// Every kind.
    pub const ALL: &'static [ProblemKind] = &[
        ProblemKind::DuplicateRevision,
        ProblemKind::SelfLoop,
        ProblemKind::DependencySelfLoop,
        ProblemKind::IllegalCharacters,
        ProblemKind::DuplicateBranchLabel,
        ProblemKind::MissingDependency,
        ProblemKind::MissingParent,
        ProblemKind::DownRevisionIsBranchLabel,
        ProblemKind::Cycle,
        ProblemKind::DependencyCycle,
    ];

    /// A stable kebab-case code, e.g. `missing-parent`.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::DuplicateRevision => "duplicate-revision",
            ProblemKind::SelfLoop => "self-loop",
            ProblemKind::DependencySelfLoop => "dependency-self-loop",
            ProblemKind::IllegalCharacters => "illegal-revision-characters",
            ProblemKind::DuplicateBranchLabel => "duplicate-branch-label",
            ProblemKind::MissingDependency => "missing-dependency",
            ProblemKind::MissingParent => "missing-parent",
            ProblemKind::DownRevisionIsBranchLabel => "down-revision-is-branch-label",
            ProblemKind::Cycle => "cycle",
            ProblemKind::DependencyCycle => "dependency-cycle",
        }
    }
}

/// What real Alembic does when it loads a history with this problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlembicReaction {
    /// Prints a `UserWarning` to standard error and carries on.
    Warns,
    /// Raises a `RevisionError`: commands print `FAILED: <message>` and exit 255, except
    /// `alembic heads`, which does not catch it and dies with a traceback (exit 1).
    Refuses,
    /// Dies with an uncaught Python exception (a traceback, exit 1), e.g. `KeyError`.
    Crashes,
}

/// A problem found while building the graph: a value, never a panic.
///
/// Problems are listed in the order Alembic meets them while loading. Alembic stops at
/// the first one whose reaction is not [`AlembicReaction::Warns`]; later problems are
/// what it would report once that one is fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphProblem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// Alembic's own text for it, byte for byte (the warning, or the exception's message
    /// as `FAILED:` prints it); for a problem Alembic only crashes on, the same clear
    /// sentence as `detail`.
    pub message: String,
    /// A sentence that names the file and says what to do.
    pub detail: String,
    /// The revisions involved.
    pub revisions: Vec<String>,
    /// The `file_index` of the nodes involved (the first is the one to fix).
    pub file_indices: Vec<usize>,
    /// The path of the first file involved, when there is one.
    pub path: Option<String>,
    /// What Alembic does about it.
    pub reaction: AlembicReaction,
    /// The last line of Alembic's traceback (`KeyError: 'zzzz9999'`,
    /// `alembic.script.revision.CycleDetected: …`) when a command that does not catch
    /// the error (or nothing catches it) meets this problem.
    pub exception: Option<String>,
}

impl GraphProblem {
    /// Whether Alembic refuses to work (fails or crashes) on a history with this problem.
    pub fn is_fatal(&self) -> bool {
        self.reaction != AlembicReaction::Warns
    }

    /// The problem as a Retort diagnostic (error when fatal, warning otherwise).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let severity = if self.is_fatal() {
            Severity::Error
        } else {
            Severity::Warning
        };
        let mut diagnostic = Diagnostic::new(self.kind.code(), severity, self.detail.clone());
        if let Some(path) = &self.path {
            diagnostic = diagnostic.with_path(path.clone());
        }
        if self.message != self.detail {
            diagnostic = diagnostic.with_help(format!("Alembic says: {}", self.message));
        }
        diagnostic
    }
}
