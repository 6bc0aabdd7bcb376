"""second

Revision ID: b1
Revises: a1
Create Date: 2025-01-02 00:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = "a1"


def upgrade():
    op.add_column("users", sa.Column("name", sa.String(50))


def downgrade():
    op.drop_column("users", "name")
