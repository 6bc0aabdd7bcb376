//! SQLAlchemy's `DefaultDialect` with Alembic's `DefaultImpl`: the behaviour every
//! other dialect starts from.

use super::Dialect;

/// The generic dialect (`default`), used when no database is chosen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Generic;

impl Dialect for Generic {
    fn name(&self) -> &'static str {
        "default"
    }
}
