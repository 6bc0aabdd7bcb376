"""third

Revision ID: c1
Revises: zzzz9999
Create Date: 2025-01-03 00:00:00.000000
"""
from alembic import op
import sqlalchemy as sa

revision = "c1"
down_revision = "zzzz9999"


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(100)))


def downgrade():
    op.drop_column("users", "email")
