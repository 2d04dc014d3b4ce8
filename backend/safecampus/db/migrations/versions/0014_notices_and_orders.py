"""notices (inbox), notice channels and their deliveries; supervision orders (督办)

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice_channel',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('target', sa.String(length=1000), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=True),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_notice_channel_org_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_channel'))
    )
    op.create_index(op.f('ix_notice_channel_org_unit_id'), 'notice_channel', ['org_unit_id'], unique=False)
    op.create_table('delivery',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('channel_id', sa.Uuid(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('hazard_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('digest_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['notice_channel.id'], name=op.f('fk_delivery_channel_id_notice_channel')),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_delivery_hazard_id_hazard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery')),
    sa.UniqueConstraint('channel_id', 'dedupe_key', name='uq_delivery_once')
    )
    op.create_index(op.f('ix_delivery_digest_id'), 'delivery', ['digest_id'], unique=False)
    op.create_index('ix_delivery_due', 'delivery', ['status', 'next_attempt_at'], unique=False)
    op.create_table('notice',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('recipient_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=80), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.Uuid(), nullable=False),
    sa.Column('hazard_id', sa.Uuid(), nullable=True),
    sa.Column('school_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_notice_hazard_id_hazard')),
    sa.ForeignKeyConstraint(['recipient_id'], ['app_user.id'], name=op.f('fk_notice_recipient_id_app_user')),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_notice_school_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice')),
    sa.UniqueConstraint('recipient_id', 'subject_type', 'subject_id', 'reason', name='uq_notice_once')
    )
    op.create_index(op.f('ix_notice_hazard_id'), 'notice', ['hazard_id'], unique=False)
    op.create_index('ix_notice_inbox', 'notice', ['recipient_id', 'created_at'], unique=False)
    op.create_index('ix_notice_unread', 'notice', ['recipient_id'], unique=False, postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))
    op.create_table('supervision_order',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hazard_id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('issuer_unit_id', sa.Uuid(), nullable=False),
    sa.Column('issued_by', sa.Uuid(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('requirement', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('supervisor', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_supervision_order_hazard_id_hazard')),
    sa.ForeignKeyConstraint(['issued_by'], ['app_user.id'], name=op.f('fk_supervision_order_issued_by_app_user')),
    sa.ForeignKeyConstraint(['issuer_unit_id'], ['org_unit.id'], name=op.f('fk_supervision_order_issuer_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_supervision_order_school_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_order'))
    )
    op.create_index(op.f('ix_supervision_order_hazard_id'), 'supervision_order', ['hazard_id'], unique=False)
    op.create_index('ix_supervision_order_school', 'supervision_order', ['school_id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_supervision_order_school', table_name='supervision_order')
    op.drop_index(op.f('ix_supervision_order_hazard_id'), table_name='supervision_order')
    op.drop_table('supervision_order')
    op.drop_index('ix_notice_unread', table_name='notice', postgresql_where=sa.text('read_at IS NULL'), sqlite_where=sa.text('read_at IS NULL'))
    op.drop_index('ix_notice_inbox', table_name='notice')
    op.drop_index(op.f('ix_notice_hazard_id'), table_name='notice')
    op.drop_table('notice')
    op.drop_index('ix_delivery_due', table_name='delivery')
    op.drop_index(op.f('ix_delivery_digest_id'), table_name='delivery')
    op.drop_table('delivery')
    op.drop_index(op.f('ix_notice_channel_org_unit_id'), table_name='notice_channel')
    op.drop_table('notice_channel')
