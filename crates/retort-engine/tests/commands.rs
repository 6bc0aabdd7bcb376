mod common;

use common::{project, render};
use retort_engine::{Engine, EngineOptions};

const USERS: &str = r#""""create users

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )


def downgrade():
    op.drop_table("users")
"#;

const AGE: &str = r#""""add age

Revision ID: b2
Revises: a1
"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))


def downgrade():
    op.drop_column("users", "age")
"#;

#[test]
fn not_null_column_on_populated_table_fails_at_the_op() {
    let (p, h) = project(&[("a1.py", USERS), ("b2.py", AGE)]);
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    assert_eq!(
        report.log,
        vec![
            "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
            "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
            "INFO  [alembic.runtime.migration] Running upgrade  -> a1, create users",
            "INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add age",
            "ERROR [alembic.util.messaging] column \"age\" of relation \"users\" contains null values",
        ]
    );
    assert_eq!(
        render(&p, &report.diagnostics),
        vec!["b2.py:14: Error migration-failed: column \"age\" of relation \"users\" contains null values"]
    );
    // Transactional DDL: the whole command rolled back.
    assert!(engine.heads().is_empty());
}
