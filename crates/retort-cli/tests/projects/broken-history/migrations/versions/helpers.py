"""Shared helpers, kept beside the revisions: Alembic imports this file as one."""
import sqlalchemy as sa


def audit_columns():
    return [sa.Column("created_at", sa.DateTime())]
