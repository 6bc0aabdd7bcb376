use serde::{Deserialize, Serialize};

use crate::{Diagnostic, Op, PythonFacts, TextRange};

/// The `Revision ID:` / `Revises:` / `Create Date:` lines of a revision's docstring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocHeader {
    /// `Revision ID: …`.
    pub revision_id: Option<String>,
    /// `Revises: …` (comma separated for merges).
    pub revises: Option<String>,
    /// `Create Date: …`.
    pub create_date: Option<String>,
}

/// What a migration function's body is, beyond its ops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Has statements that do something.
    Ops,
    /// Only `pass`, `...` and docstrings / comments.
    Pass,
    /// Raises (e.g. `raise NotImplementedError()`) before doing anything.
    Raises,
}

/// `def upgrade():`, `def downgrade():` or a multidb `def upgrade_<name>():`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationFn {
    /// Function name.
    pub name: String,
    /// The whole `def` statement.
    pub range: TextRange,
    /// The function's name in the `def` line.
    pub name_range: TextRange,
    /// What the body is.
    pub body: BodyKind,
    /// The operations, in order.
    pub ops: Vec<Op>,
}

/// One Alembic revision file, as read statically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionFile {
    /// Path as given by the user (relative to what they loaded).
    pub path: String,
    /// `revision = "…"`.
    pub revision: Option<String>,
    /// Range of the `revision` assignment's value.
    pub revision_range: Option<TextRange>,
    /// `down_revision`: empty for `None` (a base), several for a merge.
    pub down_revisions: Vec<String>,
    /// Range of the `down_revision` assignment's value.
    pub down_revision_range: Option<TextRange>,
    /// `branch_labels`.
    pub branch_labels: Vec<String>,
    /// Range of the `branch_labels` value.
    pub branch_labels_range: Option<TextRange>,
    /// `depends_on`.
    pub depends_on: Vec<String>,
    /// Range of the `depends_on` value.
    pub depends_on_range: Option<TextRange>,
    /// The module docstring, as Python's `__doc__` gives it.
    pub docstring: Option<String>,
    /// The docstring's range.
    pub docstring_range: Option<TextRange>,
    /// Header lines of the docstring.
    pub header: DocHeader,
    /// `upgrade()` (or, in a multidb file, the first `upgrade_<name>()`): see `functions` for all.
    pub upgrade: Option<MigrationFn>,
    /// `downgrade()`.
    pub downgrade: Option<MigrationFn>,
    /// Multidb `upgrade_<name>()` / `downgrade_<name>()` functions.
    pub engine_functions: Vec<MigrationFn>,
    /// Comments, imports, names, calls and classes: the Python beyond the ops.
    #[serde(default)]
    pub python: PythonFacts,
    /// Everything that went wrong or could not be followed while reading the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl RevisionFile {
    /// An empty record for `path`, before anything is extracted.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            revision: None,
            revision_range: None,
            down_revisions: Vec::new(),
            down_revision_range: None,
            branch_labels: Vec::new(),
            branch_labels_range: None,
            depends_on: Vec::new(),
            depends_on_range: None,
            docstring: None,
            docstring_range: None,
            header: DocHeader::default(),
            upgrade: None,
            downgrade: None,
            engine_functions: Vec::new(),
            python: PythonFacts::default(),
            diagnostics: Vec::new(),
        }
    }

    /// Alembic's `Script.longdoc`: the docstring, stripped.
    pub fn longdoc(&self) -> String {
        self.docstring
            .as_deref()
            .map(str::trim)
            .unwrap_or("")
            .to_owned()
    }

    /// Alembic's `Script.doc`: the longdoc up to the first blank line (`re.split("\n\n", …)[0]`).
    pub fn doc(&self) -> String {
        let longdoc = self.longdoc();
        match longdoc.find("\n\n") {
            Some(i) => longdoc[..i].to_owned(),
            None => longdoc,
        }
    }
}
