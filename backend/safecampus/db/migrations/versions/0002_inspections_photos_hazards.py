"""inspections, photos, hazards

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checklist',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('school_types', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist')),
    sa.UniqueConstraint('code', 'version', name='uq_checklist_code_version')
    )
    op.create_table('photo',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source_format', sa.String(length=10), nullable=False),
    sa.Column('source_bytes', sa.Integer(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('stored_bytes', sa.Integer(), nullable=False),
    sa.Column('phash', sa.String(length=16), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('taken_at_source', sa.String(length=10), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.Column('location_source', sa.String(length=10), nullable=True),
    sa.Column('uploaded_by', sa.Uuid(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_photo'))
    )
    op.create_table('checklist_item',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('checklist_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=False),
    sa.Column('check', sa.Text(), nullable=False),
    sa.Column('look_at', sa.Text(), nullable=False),
    sa.Column('grade', sa.String(length=10), nullable=False),
    sa.Column('photo_required', sa.Boolean(), nullable=False),
    sa.Column('domain_code', sa.String(length=40), nullable=False),
    sa.Column('section_code', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_checklist_item_checklist_id_checklist')),
    sa.ForeignKeyConstraint(['domain_code'], ['hazard_domain.code'], name=op.f('fk_checklist_item_domain_code_hazard_domain')),
    sa.ForeignKeyConstraint(['section_code'], ['section.code'], name=op.f('fk_checklist_item_section_code_section')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_item')),
    sa.UniqueConstraint('checklist_id', 'code', name='uq_checklist_item_checklist_code')
    )
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_item_checklist_id'), ['checklist_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('checklist_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('inspector_id', sa.Uuid(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('accuracy_m', sa.Float(), nullable=True),
    sa.Column('off_site', sa.Boolean(), nullable=False),
    sa.Column('distance_m', sa.Float(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['checklist_id'], ['checklist.id'], name=op.f('fk_inspection_checklist_id_checklist')),
    sa.ForeignKeyConstraint(['inspector_id'], ['app_user.id'], name=op.f('fk_inspection_inspector_id_app_user')),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_inspection_school_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_finished_at'), ['finished_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_school_id'), ['school_id'], unique=False)

    op.create_table('hazard',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('school_id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=True),
    sa.Column('item_code', sa.String(length=40), nullable=True),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('domain_code', sa.String(length=40), nullable=True),
    sa.Column('section_code', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('grade', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('found_by', sa.Uuid(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('location_note', sa.Text(), nullable=True),
    sa.Column('responsible_person', sa.String(length=100), nullable=True),
    sa.Column('interim_controls', sa.Text(), nullable=True),
    sa.Column('recurrence_of', sa.Uuid(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Uuid(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['app_user.id'], name=op.f('fk_hazard_closed_by_app_user')),
    sa.ForeignKeyConstraint(['domain_code'], ['hazard_domain.code'], name=op.f('fk_hazard_domain_code_hazard_domain')),
    sa.ForeignKeyConstraint(['found_by'], ['app_user.id'], name=op.f('fk_hazard_found_by_app_user')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_hazard_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['school_id'], ['org_unit.id'], name=op.f('fk_hazard_school_id_org_unit')),
    sa.ForeignKeyConstraint(['section_code'], ['section.code'], name=op.f('fk_hazard_section_code_section')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard'))
    )
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index('ix_hazard_open_by_school', ['school_id', 'due_on'], unique=False, postgresql_where=sa.text("status <> 'closed'"), sqlite_where=sa.text("status <> 'closed'"))
        batch_op.create_index(batch_op.f('ix_hazard_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_hazard_school_item', ['school_id', 'item_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_section_code'), ['section_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_status'), ['status'], unique=False)

    op.create_table('inspection_result',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('item_code', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('hazard_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_inspection_result_inspection_id_inspection')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_result')),
    sa.UniqueConstraint('inspection_id', 'item_code', name='uq_inspection_result_item')
    )
    op.create_table('rectification',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hazard_id', sa.Uuid(), nullable=False),
    sa.Column('submitted_by', sa.Uuid(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.Column('interim_controls', sa.Text(), nullable=True),
    sa.Column('cost_yuan', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['app_user.id'], name=op.f('fk_rectification_decided_by_app_user')),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_rectification_hazard_id_hazard')),
    sa.ForeignKeyConstraint(['submitted_by'], ['app_user.id'], name=op.f('fk_rectification_submitted_by_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification'))
    )
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_hazard_id'), ['hazard_id'], unique=False)

    op.create_table('hazard_photo',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hazard_id', sa.Uuid(), nullable=False),
    sa.Column('rectification_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['hazard_id'], ['hazard.id'], name=op.f('fk_hazard_photo_hazard_id_hazard')),
    sa.ForeignKeyConstraint(['rectification_id'], ['rectification.id'], name=op.f('fk_hazard_photo_rectification_id_rectification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_photo'))
    )
    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_photo_hazard_id'), ['hazard_id'], unique=False)
        batch_op.create_index('ix_hazard_photo_sha256', ['sha256'], unique=False)

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_entity', ['entity_type', 'entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')

    with op.batch_alter_table('hazard_photo', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_photo_sha256')
        batch_op.drop_index(batch_op.f('ix_hazard_photo_hazard_id'))

    op.drop_table('hazard_photo')
    with op.batch_alter_table('rectification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_hazard_id'))

    op.drop_table('rectification')
    op.drop_table('inspection_result')
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_status'))
        batch_op.drop_index(batch_op.f('ix_hazard_section_code'))
        batch_op.drop_index('ix_hazard_school_item')
        batch_op.drop_index(batch_op.f('ix_hazard_school_id'))
        batch_op.drop_index('ix_hazard_open_by_school', postgresql_where=sa.text("status <> 'closed'"), sqlite_where=sa.text("status <> 'closed'"))
        batch_op.drop_index(batch_op.f('ix_hazard_inspection_id'))

    op.drop_table('hazard')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_school_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_finished_at'))

    op.drop_table('inspection')
    with op.batch_alter_table('checklist_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_item_checklist_id'))

    op.drop_table('checklist_item')
    op.drop_table('photo')
    op.drop_table('checklist')
