"""annual safety reports and their workflow steps

Revision ID: 0005
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('annual_report',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_annual_report_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['submitted_by'], ['app_user.id'], name=op.f('fk_annual_report_submitted_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report')),
    sa.UniqueConstraint('org_unit_id', 'year', name='uq_annual_report_unit_year')
    )
    op.create_table('annual_report_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('report_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_annual_report_step_actor_id_app_user')),
    sa.ForeignKeyConstraint(['report_id'], ['annual_report.id'], name=op.f('fk_annual_report_step_report_id_annual_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_report_step'))
    )
    with op.batch_alter_table('annual_report_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_report_step_report_id'), ['report_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('annual_report_step', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_report_step_report_id'))
    op.drop_table('annual_report_step')
    op.drop_table('annual_report')
