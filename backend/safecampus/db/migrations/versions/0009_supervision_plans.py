"""supervision plans (督查计划)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supervision_plan',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.Text(), nullable=True),
    sa.Column('checklist_code', sa.String(length=60), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('cancelled_reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_supervision_plan_created_by_app_user')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_supervision_plan_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_plan'))
    )
    op.create_index('ix_supervision_plan_unit_window', 'supervision_plan', ['org_unit_id', 'starts_on'], unique=False)
    op.create_table('supervision_inspector',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['supervision_plan.id'], name=op.f('fk_supervision_inspector_plan_id_supervision_plan')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_supervision_inspector_user_id_app_user')),
    sa.PrimaryKeyConstraint('plan_id', 'user_id', name=op.f('pk_supervision_inspector'))
    )
    op.create_index('ix_supervision_inspector_user_id', 'supervision_inspector', ['user_id'], unique=False)
    op.create_table('supervision_target',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['supervision_plan.id'], name=op.f('fk_supervision_target_plan_id_supervision_plan')),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_supervision_target_school_id_org_unit')),
    sa.PrimaryKeyConstraint('plan_id', 'school_id', name=op.f('pk_supervision_target'))
    )


def downgrade() -> None:
    op.drop_table('supervision_target')
    op.drop_index('ix_supervision_inspector_user_id', table_name='supervision_inspector')
    op.drop_table('supervision_inspector')
    op.drop_index('ix_supervision_plan_unit_window', table_name='supervision_plan')
    op.drop_table('supervision_plan')
