"""dashboard indexes: hazards by when they were found and closed

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The dashboard reads the hazards found or closed in a period, besides the open ones
    # (ix_hazard_open_by_school): range scans instead of reading the whole ledger. On
    # PostgreSQL the included columns let the weekly counts and the median read the index only.
    op.create_index("ix_hazard_found_at", "hazard", ["found_at"], postgresql_include=["school_id"])
    op.create_index("ix_hazard_closed_at", "hazard", ["closed_at"], postgresql_include=["school_id", "found_at"],
                    postgresql_where=sa.text("closed_at IS NOT NULL"), sqlite_where=sa.text("closed_at IS NOT NULL"))
    # Children of a unit: the dashboard's lines, the org tree.
    op.create_index("ix_org_unit_parent_id", "org_unit", ["parent_id"])


def downgrade() -> None:
    op.drop_index("ix_org_unit_parent_id", table_name="org_unit")
    op.drop_index("ix_hazard_closed_at", table_name="hazard")
    op.drop_index("ix_hazard_found_at", table_name="hazard")
