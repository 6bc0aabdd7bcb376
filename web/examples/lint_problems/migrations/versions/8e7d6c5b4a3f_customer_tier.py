"""customer tier

Revision ID: 8e7d6c5b4a3f
Revises: 9f8e7d6c5b4a
Create Date: 2026-08-03 09:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import os


# revision identifiers, used by Alembic.
revision: str = '8e7d6c5b4a3f'
down_revision: Union[str, Sequence[str], None] = '9f8e7d6c5b4a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('customer', sa.Column('tier', sa.String(length=20), nullable=False))
    op.create_index('ix_customer_email', 'customer', ['email'], unique=True)
    op.execute("UPDATE customer SET tier = 'free'")
    print("customer tiers set")
    op.drop_column('customer', 'legacy_code')


def downgrade() -> None:
    """Downgrade schema."""
    op.add_column('customer', sa.Column('legacy_code', sa.String(length=20), nullable=True))
    op.drop_index('ix_customer_email', table_name='customer')
    op.drop_column('customer', 'tier')
