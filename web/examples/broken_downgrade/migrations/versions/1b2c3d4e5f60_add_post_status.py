"""add post status

Revision ID: 1b2c3d4e5f60
Revises: 0a1b2c3d4e5f
Create Date: 2026-09-12 13:25:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '1b2c3d4e5f60'
down_revision: Union[str, Sequence[str], None] = '0a1b2c3d4e5f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('post', sa.Column('status', sa.String(length=20), nullable=True))
    op.create_index(op.f('ix_post_status'), 'post', ['status'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # The column was called `state` in an earlier draft of this revision.
    op.drop_index(op.f('ix_post_state'), table_name='post')
    op.drop_column('post', 'state')
