"""add team slug

Revision ID: f6a1b2c3d4e5
Revises: d4e5f6a1b2c3
Create Date: 2026-10-04 17:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'f6a1b2c3d4e5'
down_revision: Union[str, Sequence[str], None] = 'd4e5f6a1b2c3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('team') as batch_op:
        batch_op.add_column(sa.Column('slug', sa.String(length=100), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('team') as batch_op:
        batch_op.drop_column('slug')
