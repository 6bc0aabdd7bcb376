//! Diagnostic codes of offline SQL rendering.

/// Alembic raises on this op in `--sql` mode (the message is Alembic's); Retort reports
/// it and renders the rest.
pub const SQL_ALEMBIC_ERROR: &str = "sql-alembic-error";

/// Alembic would render SQL here that Retort cannot know statically (an opaque step,
/// an application type); the output is incomplete.
pub const SQL_NOT_RENDERED: &str = "sql-not-rendered";
