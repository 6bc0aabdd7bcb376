//! Why a statement could not be rendered: what Alembic or SQLAlchemy would raise.

use serde::{Deserialize, Serialize};

/// The Python exception Alembic would end with, or Retort's own reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// `alembic.util.exc.CommandError`: Alembic prints `FAILED: …` and exits 255.
    Command,
    /// `NotImplementedError` (e.g. SQLite's "No support for ALTER of constraints").
    NotImplemented,
    /// `sqlalchemy.exc.CompileError`.
    Compile,
    /// `sqlalchemy.exc.ArgumentError`.
    Argument,
    /// `ValueError`.
    Value,
    /// `TypeError`.
    Type,
    /// `KeyError` (the message is the missing key's repr).
    Key,
    /// `sqlalchemy.exc.NoInspectionAvailable`: `sa.inspect(bind)` in offline mode, where
    /// the bind is a mock connection with no database behind it.
    NoInspection,
    /// Alembic would render something here, but the input holds a value Retort cannot
    /// know statically (an application type, an unresolved name).
    Unknown,
}

impl ErrorKind {
    /// The exception's qualified name as a Python traceback prints it.
    pub fn python_name(self) -> &'static str {
        match self {
            ErrorKind::Command => "alembic.util.exc.CommandError",
            ErrorKind::NotImplemented => "NotImplementedError",
            ErrorKind::Compile => "sqlalchemy.exc.CompileError",
            ErrorKind::Argument => "sqlalchemy.exc.ArgumentError",
            ErrorKind::Value => "ValueError",
            ErrorKind::Type => "TypeError",
            ErrorKind::Key => "KeyError",
            ErrorKind::NoInspection => "sqlalchemy.exc.NoInspectionAvailable",
            ErrorKind::Unknown => "retort.Unknown",
        }
    }
}

/// A statement that cannot be rendered, with the message Alembic would print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderError {
    /// Which exception.
    pub kind: ErrorKind,
    /// Its message, word for word.
    pub message: String,
}

impl RenderError {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// `CompileError(message)`.
    pub fn compile(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Compile, message)
    }

    /// `CommandError(message)`.
    pub fn command(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Command, message)
    }

    /// `NotImplementedError(message)`.
    pub fn not_implemented(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotImplemented, message)
    }

    /// A value Retort cannot know statically.
    pub fn unknown(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unknown, message)
    }
}

/// The result of rendering one piece of SQL.
pub type Rendered<T = String> = Result<T, RenderError>;
