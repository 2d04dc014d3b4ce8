"""responsibility lists (安全管理责任清单) and their half-year reviews

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('duty_list',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('leader_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_duty_list_created_by_app_user')),
    sa.ForeignKeyConstraint(['leader_id'], ['leader.id'], name=op.f('fk_duty_list_leader_id_leader')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_duty_list_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_list')),
    sa.UniqueConstraint('leader_id', 'year', name='uq_duty_list_leader_year')
    )
    op.create_index('ix_duty_list_unit_year', 'duty_list', ['org_unit_id', 'year'], unique=False)

    op.create_table('duty_item',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('list_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('template_code', sa.String(length=40), nullable=True),
    sa.Column('article', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['duty_list.id'], name=op.f('fk_duty_item_list_id_duty_list')),
    sa.ForeignKeyConstraint(['template_code'], ['duty_template.code'], name=op.f('fk_duty_item_template_code_duty_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_item'))
    )
    op.create_index('ix_duty_item_list_id', 'duty_item', ['list_id'], unique=False)

    op.create_table('duty_review',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('list_id', sa.Uuid(), nullable=False),
    sa.Column('half', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Uuid(), nullable=False),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['list_id'], ['duty_list.id'], name=op.f('fk_duty_review_list_id_duty_list')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['app_user.id'], name=op.f('fk_duty_review_reviewer_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_review')),
    sa.UniqueConstraint('list_id', 'half', name='uq_duty_review_list_half')
    )
    op.create_table('duty_evidence',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Uuid(), nullable=True),
    sa.Column('photo_sha256', sa.String(length=64), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('added_by', sa.Uuid(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['app_user.id'], name=op.f('fk_duty_evidence_added_by_app_user')),
    sa.ForeignKeyConstraint(['item_id'], ['duty_item.id'], name=op.f('fk_duty_evidence_item_id_duty_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_evidence'))
    )
    op.create_index('ix_duty_evidence_item_id', 'duty_evidence', ['item_id'], unique=False)

    op.create_table('duty_review_score',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('review_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['duty_item.id'], name=op.f('fk_duty_review_score_item_id_duty_item')),
    sa.ForeignKeyConstraint(['review_id'], ['duty_review.id'], name=op.f('fk_duty_review_score_review_id_duty_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_review_score')),
    sa.UniqueConstraint('review_id', 'item_id', name='uq_duty_review_score_item')
    )
    op.create_index('ix_duty_review_score_item_id', 'duty_review_score', ['item_id'], unique=False)



def downgrade() -> None:
    op.drop_index('ix_duty_review_score_item_id', table_name='duty_review_score')
    op.drop_table('duty_review_score')
    op.drop_index('ix_duty_evidence_item_id', table_name='duty_evidence')
    op.drop_table('duty_evidence')
    op.drop_table('duty_review')
    op.drop_index('ix_duty_item_list_id', table_name='duty_item')
    op.drop_table('duty_item')
    op.drop_index('ix_duty_list_unit_year', table_name='duty_list')
    op.drop_table('duty_list')
