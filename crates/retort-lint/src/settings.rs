//! What the rules depend on besides the migration: the target database and how
//! Alembic runs the migrations.

use serde::{Deserialize, Serialize};

/// The PostgreSQL major version assumed when none is configured.
pub const DEFAULT_POSTGRES_VERSION: u32 = 16;

/// Lint settings that change what a rule concludes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The database the migrations run on, as SQLAlchemy names it: `postgresql`,
    /// `sqlite`, `mysql` (also `mariadb`, `mssql`, `oracle`). Dialect conditionals in
    /// the migrations are resolved for it, and dialect-specific rules follow it.
    pub dialect: String,
    /// PostgreSQL major version (`postgres-version`): e.g. before 11 adding a column
    /// with any default rewrites the table; before 12 `ALTER TYPE … ADD VALUE` cannot run
    /// in a transaction.
    pub postgres_version: u32,
    /// Alembic's `transaction_per_migration` (`context.configure(...)`): each revision
    /// commits on its own. Off by default in Alembic: one transaction for the whole run.
    pub transaction_per_migration: bool,
    /// Whether migrations run inside a transaction at all (`transactional_ddl`): true for
    /// PostgreSQL and SQLite under Alembic, false for MySQL.
    pub assume_in_transaction: bool,
    /// The naming convention of `target_metadata` (key / template pairs, as in
    /// `MetaData(naming_convention=…)`), when the project has one.
    pub naming_convention: Option<Vec<(String, String)>>,
    /// Top-level packages of the application (`first-party`): imports from them in a
    /// migration are reported by `app-import-in-migration`.
    pub first_party: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self::for_dialect("postgresql")
    }
}

impl Settings {
    /// Defaults for `dialect`.
    pub fn for_dialect(dialect: &str) -> Self {
        Self {
            dialect: dialect.to_owned(),
            postgres_version: DEFAULT_POSTGRES_VERSION,
            transaction_per_migration: false,
            assume_in_transaction: !matches!(dialect, "mysql" | "mariadb" | "oracle"),
            naming_convention: None,
            first_party: Vec::new(),
        }
    }

    /// Whether the target is PostgreSQL.
    pub fn is_postgresql(&self) -> bool {
        self.dialect == "postgresql"
    }

    /// Whether the target is SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.dialect == "sqlite"
    }

    /// Whether the target is MySQL or MariaDB.
    pub fn is_mysql(&self) -> bool {
        matches!(self.dialect.as_str(), "mysql" | "mariadb")
    }
}
