//! Revision files built into the playground.

/// A typed (Alembic ≥ 1.13 template) revision creating one table and an index.
pub const CREATE_ACCOUNT: &str = include_str!("examples/1a2b3c4d5e6f_create_account.py");
