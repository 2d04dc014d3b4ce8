"""photo holders, acknowledgement, standalone hazard place

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('photo_holder',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['photo.sha256'], name=op.f('fk_photo_holder_sha256_photo')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_photo_holder_user_id_app_user')),
    sa.PrimaryKeyConstraint('sha256', 'user_id', name=op.f('pk_photo_holder'))
    )
    # Whoever uploaded a photo holds it.
    op.execute("INSERT INTO photo_holder (sha256, user_id, since) SELECT sha256, uploaded_by, uploaded_at FROM photo")
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_by', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('accuracy_m', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('off_site', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_foreign_key(batch_op.f('fk_hazard_acknowledged_by_app_user'), 'app_user', ['acknowledged_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hazard_acknowledged_by_app_user'), type_='foreignkey')
        batch_op.drop_column('off_site')
        batch_op.drop_column('accuracy_m')
        batch_op.drop_column('lon')
        batch_op.drop_column('lat')
        batch_op.drop_column('acknowledged_by')

    op.drop_table('photo_holder')
