"""emergency drills and safety incidents

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drill',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=True),
    sa.Column('photos', sa.JSON(), nullable=False),
    sa.Column('recorded_by', sa.Uuid(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_drill_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_drill_recorded_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drill'))
    )
    op.create_index('ix_drill_unit_held_on', 'drill', ['org_unit_id', 'held_on'], unique=False)
    op.create_table('incident',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_unit_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('incident_type', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('handling', sa.Text(), nullable=False),
    sa.Column('deaths', sa.Integer(), nullable=False),
    sa.Column('injuries', sa.Integer(), nullable=False),
    sa.Column('losses_yuan', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('follow_up', sa.Text(), nullable=True),
    sa.Column('management_responsibility', sa.Boolean(), nullable=True),
    sa.Column('responsibility_note', sa.Text(), nullable=True),
    sa.Column('judged_by', sa.Uuid(), nullable=True),
    sa.Column('reported_by', sa.Uuid(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['judged_by'], ['app_user.id'], name=op.f('fk_incident_judged_by_app_user')),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_unit.id'], name=op.f('fk_incident_org_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['reported_by'], ['app_user.id'], name=op.f('fk_incident_reported_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    op.create_index('ix_incident_unit_occurred_at', 'incident', ['org_unit_id', 'occurred_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_incident_unit_occurred_at', table_name='incident')
    op.drop_table('incident')
    op.drop_index('ix_drill_unit_held_on', table_name='drill')
    op.drop_table('drill')
