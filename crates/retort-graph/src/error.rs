use serde::{Deserialize, Serialize};

use crate::python::tuple_str;

/// How an Alembic command ends when it cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum GraphErrorKind {
    /// A `CommandError`: Alembic prints `FAILED: <message>` to standard output (and, for
    /// commands that run `env.py`, `ERROR [alembic.util.messaging] <message>` to
    /// standard error) and exits 255.
    Failed,
    /// An uncaught exception: a traceback on standard error and exit code 1.
    Crashed {
        /// The exception's qualified class name as the traceback's last line shows it,
        /// e.g. `KeyError` or `alembic.script.revision.CycleDetected`.
        exception: String,
    },
}

/// Why a query or command could not be answered, worded exactly as Alembic words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphError {
    /// How Alembic ends.
    pub kind: GraphErrorKind,
    /// Alembic's text (`str(exception)`).
    pub message: String,
    /// What the command had already printed to standard output when it failed (Alembic
    /// streams: `show` prints the revisions before the one it crashes on).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub partial_stdout: String,
}

impl GraphError {
    pub(crate) fn failed(message: impl Into<String>) -> GraphError {
        GraphError {
            kind: GraphErrorKind::Failed,
            message: message.into(),
            partial_stdout: String::new(),
        }
    }

    pub(crate) fn crashed(exception: impl Into<String>, message: impl Into<String>) -> GraphError {
        GraphError {
            kind: GraphErrorKind::Crashed {
                exception: exception.into(),
            },
            message: message.into(),
            partial_stdout: String::new(),
        }
    }

    /// The error, after the command printed `stdout`.
    #[must_use]
    pub(crate) fn after_output(mut self, stdout: String) -> GraphError {
        self.partial_stdout = stdout;
        self
    }

    /// Alembic's text for the error, e.g. `Can't locate revision identified by 'x'`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The process exit code Alembic ends with: 255 for `FAILED`, 1 for a crash.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            GraphErrorKind::Failed => 255,
            GraphErrorKind::Crashed { .. } => 1,
        }
    }

    /// Whether Alembic dies with a traceback rather than a `FAILED:` line.
    pub fn is_crash(&self) -> bool {
        matches!(self.kind, GraphErrorKind::Crashed { .. })
    }

    /// What Alembic prints for it: `FAILED: <message>` for a failure (on standard
    /// output), the traceback's last line `<Exception>: <message>` for a crash (on
    /// standard error).
    pub fn alembic_line(&self) -> String {
        match &self.kind {
            GraphErrorKind::Failed => format!("FAILED: {}", self.message),
            GraphErrorKind::Crashed { exception } if self.message.is_empty() => exception.clone(),
            GraphErrorKind::Crashed { exception } => format!("{exception}: {}", self.message),
        }
    }
}

impl std::fmt::Display for GraphError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for GraphError {}

/// A Python value of `_RevisionIdentifierType` as Alembic formats it with `%s`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ident {
    /// `None`.
    Nil,
    /// A string.
    Str(String),
    /// A tuple of strings (or `None`s).
    Tuple(Vec<Option<String>>),
}

impl Ident {
    pub(crate) fn str(s: &str) -> Ident {
        Ident::Str(s.to_owned())
    }

    pub(crate) fn tuple(items: &[String]) -> Ident {
        Ident::Tuple(items.iter().cloned().map(Some).collect())
    }

    /// Python truthiness.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Ident::Nil => false,
            Ident::Str(s) => !s.is_empty(),
            Ident::Tuple(t) => !t.is_empty(),
        }
    }

    /// `"%s" % (value,)`.
    pub(crate) fn py_str(&self) -> String {
        match self {
            Ident::Nil => "None".to_owned(),
            Ident::Str(s) => s.clone(),
            Ident::Tuple(t) => tuple_str(t),
        }
    }

    /// `util.to_tuple(value)` (default `None`).
    pub(crate) fn to_tuple(&self) -> Option<Vec<Option<String>>> {
        match self {
            Ident::Nil => None,
            Ident::Str(s) => Some(vec![Some(s.clone())]),
            Ident::Tuple(t) => Some(t.clone()),
        }
    }
}

/// The exceptions Alembic's revision code raises, before a command turns them into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RevErr {
    /// `RangeNotAncestorError(lower, upper)`.
    RangeNotAncestor { lower: Ident, upper: Ident },
    /// `MultipleHeads(heads, argument)`.
    MultipleHeads { heads: Vec<String>, argument: Ident },
    /// `ResolutionError(message, argument)`.
    Resolution { message: String, argument: String },
    /// `RevisionError` or one of its other subclasses (`class` is its name).
    Revision {
        class: &'static str,
        message: String,
    },
    /// `util.CommandError`, already worded (a nested `_catch_revision_errors` ran).
    Command(String),
    /// Any other exception (`KeyError`, `AssertionError`, …).
    Crash { exception: String, message: String },
}

impl RevErr {
    pub(crate) fn revision(message: impl Into<String>) -> RevErr {
        RevErr::Revision {
            class: "RevisionError",
            message: message.into(),
        }
    }

    pub(crate) fn assertion() -> RevErr {
        RevErr::Crash {
            exception: "AssertionError".to_owned(),
            message: String::new(),
        }
    }

    pub(crate) fn key_error(key: &str) -> RevErr {
        RevErr::Crash {
            exception: "KeyError".to_owned(),
            message: crate::python::repr_str(key),
        }
    }

    /// `str(exception)`.
    pub(crate) fn message(&self) -> String {
        match self {
            RevErr::RangeNotAncestor { lower, upper } => format!(
                "Revision {} is not an ancestor of revision {}",
                if lower.truthy() {
                    lower.py_str()
                } else {
                    "base".to_owned()
                },
                if upper.truthy() {
                    upper.py_str()
                } else {
                    "base".to_owned()
                },
            ),
            RevErr::MultipleHeads { heads, argument } => format!(
                "Multiple heads are present for given argument '{}'; {}",
                argument.py_str(),
                heads.join(", ")
            ),
            RevErr::Resolution { message, .. } => message.clone(),
            RevErr::Revision { message, .. } => message.clone(),
            RevErr::Command(message) => message.clone(),
            RevErr::Crash { message, .. } => message.clone(),
        }
    }

    /// The error as it leaves Alembic when nothing catches it (a traceback).
    pub(crate) fn uncaught(self) -> GraphError {
        let class = match &self {
            RevErr::RangeNotAncestor { .. } => "RangeNotAncestorError",
            RevErr::MultipleHeads { .. } => "MultipleHeads",
            RevErr::Resolution { .. } => "ResolutionError",
            RevErr::Revision { class, .. } => class,
            RevErr::Command(_) => return GraphError::failed(self.message()),
            RevErr::Crash { exception, message } => {
                return GraphError::crashed(exception.clone(), message.clone())
            }
        };
        GraphError::crashed(format!("alembic.script.revision.{class}"), self.message())
    }

    /// The error after it leaves the command: a `CommandError` becomes `FAILED:`, any
    /// other exception a traceback.
    pub(crate) fn into_graph_error(self) -> GraphError {
        match self {
            RevErr::Command(message) => GraphError::failed(message),
            other => other.uncaught(),
        }
    }
}

/// The arguments of `ScriptDirectory._catch_revision_errors`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catch<'a> {
    pub ancestor: Option<&'a str>,
    pub multiple_heads: Option<&'a str>,
    pub start: Option<Ident>,
    pub end: Option<Ident>,
}

impl Catch<'_> {
    /// `_catch_revision_errors`: rewords Alembic's revision exceptions as a
    /// `CommandError`; other exceptions pass through.
    pub(crate) fn apply(&self, err: RevErr) -> RevErr {
        match err {
            RevErr::RangeNotAncestor { lower, upper } => {
                let start = self.start.clone().unwrap_or(lower);
                let end = self.end.clone().unwrap_or(upper);
                let template = self.ancestor.unwrap_or(
                    "Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch",
                );
                RevErr::Command(
                    template
                        .replace("%(start)s", &start.py_str())
                        .replace("%(end)s", &end.py_str()),
                )
            }
            RevErr::MultipleHeads { heads, argument } => {
                let template = self.multiple_heads.unwrap_or(
                    "Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads",
                );
                let head_arg = match &self.end {
                    Some(end) if end.truthy() => end.py_str(),
                    _ => argument.py_str(),
                };
                RevErr::Command(
                    template
                        .replace("%(head_arg)s", &head_arg)
                        .replace("%(heads)s", &heads.join(", ")),
                )
            }
            RevErr::Resolution { argument, .. } => {
                RevErr::Command(format!("Can't locate revision identified by '{argument}'"))
            }
            RevErr::Revision { message, .. } => RevErr::Command(message),
            other => other,
        }
    }
}

/// Result of Alembic's revision code.
pub(crate) type RevResult<T> = Result<T, RevErr>;
