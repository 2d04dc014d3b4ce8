"""checklist versions edited in the app (the seed loader leaves those templates alone)

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_by', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_checklist_edited_by_app_user'), 'app_user', ['edited_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('checklist', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_checklist_edited_by_app_user'), type_='foreignkey')
        batch_op.drop_column('edited_by')
