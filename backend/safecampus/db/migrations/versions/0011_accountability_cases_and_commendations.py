"""accountability cases and commendations (问责与表彰, 第十七条 to 第二十四条)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accountability_case',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject_unit_id', sa.Uuid(), nullable=False),
    sa.Column('subject_leader_id', sa.Uuid(), nullable=True),
    sa.Column('deciding_unit_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('triggers', sa.JSON(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('measure', sa.String(length=30), nullable=True),
    sa.Column('exemptions', sa.JSON(), nullable=False),
    sa.Column('mitigations', sa.JSON(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_by', sa.Uuid(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['app_user.id'], name=op.f('fk_accountability_case_decided_by_app_user')),
    sa.ForeignKeyConstraint(['deciding_unit_id'], ['org_unit.id'], name=op.f('fk_accountability_case_deciding_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['opened_by'], ['app_user.id'], name=op.f('fk_accountability_case_opened_by_app_user')),
    sa.ForeignKeyConstraint(['subject_leader_id'], ['leader.id'], name=op.f('fk_accountability_case_subject_leader_id_leader')),
    sa.ForeignKeyConstraint(['subject_unit_id'], ['org_unit.id'], name=op.f('fk_accountability_case_subject_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accountability_case'))
    )
    op.create_index('ix_accountability_case_deciding_unit_id', 'accountability_case', ['deciding_unit_id'], unique=False)
    op.create_index('ix_accountability_case_subject_year', 'accountability_case', ['subject_unit_id', 'year'], unique=False)

    op.create_table('commendation',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject_unit_id', sa.Uuid(), nullable=False),
    sa.Column('subject_leader_id', sa.Uuid(), nullable=True),
    sa.Column('proposing_unit_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('grounds', sa.JSON(), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('proposed_by', sa.Uuid(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by', sa.Uuid(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['proposed_by'], ['app_user.id'], name=op.f('fk_commendation_proposed_by_app_user')),
    sa.ForeignKeyConstraint(['proposing_unit_id'], ['org_unit.id'], name=op.f('fk_commendation_proposing_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['reviewed_by'], ['app_user.id'], name=op.f('fk_commendation_reviewed_by_app_user')),
    sa.ForeignKeyConstraint(['subject_leader_id'], ['leader.id'], name=op.f('fk_commendation_subject_leader_id_leader')),
    sa.ForeignKeyConstraint(['subject_unit_id'], ['org_unit.id'], name=op.f('fk_commendation_subject_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation'))
    )
    op.create_index('ix_commendation_proposing_unit_id', 'commendation', ['proposing_unit_id'], unique=False)
    op.create_index('ix_commendation_subject_year', 'commendation', ['subject_unit_id', 'year'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_commendation_subject_year', table_name='commendation')
    op.drop_index('ix_commendation_proposing_unit_id', table_name='commendation')
    op.drop_table('commendation')
    op.drop_index('ix_accountability_case_subject_year', table_name='accountability_case')
    op.drop_index('ix_accountability_case_deciding_unit_id', table_name='accountability_case')
    op.drop_table('accountability_case')
