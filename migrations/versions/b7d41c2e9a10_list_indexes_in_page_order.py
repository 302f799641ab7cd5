"""list indexes in page order: case and contact lists walk an index newest first

Revision ID: b7d41c2e9a10
Revises: a9656eb2b932
Create Date: 2026-11-28 22:50:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d41c2e9a10'
down_revision = 'a9656eb2b932'
branch_labels = None
depends_on = None

NEW = (
    ('cases', 'ix_cases_organisation_opened', ['organisation_id', 'opened_at', 'id']),
    ('cases', 'ix_cases_organisation_assigned_opened', ['organisation_id', 'assigned_to_id', 'opened_at', 'id']),
    ('cases', 'ix_cases_person_opened', ['person_id', 'opened_at']),
)
# (table, name, columns now, columns before)
WIDENED = (
    ('cases', 'ix_cases_organisation_status_opened', ['organisation_id', 'status', 'opened_at', 'id'],
     ['organisation_id', 'status', 'opened_at']),
    ('contacts', 'ix_contacts_organisation_occurred', ['organisation_id', 'occurred_at', 'id'],
     ['organisation_id', 'occurred_at']),
)


def upgrade():
    for table, name, columns in NEW:
        op.create_index(name, table, columns)
    for table, name, columns, _before in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns)


def downgrade():
    for table, name, _columns, before in WIDENED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before)
    for table, name, _columns in NEW:
        op.drop_index(name, table_name=table)
