"""case references per organisation and year

Revision ID: a1c2e3f40001
Revises: 9f4f9813455f
Create Date: 2026-11-28 18:05:00

Existing organisations get a prefix from their name (first three letters,
upper case) and existing cases get references in the order they were opened,
numbered per organisation and Copenhagen calendar year.
"""
from collections import defaultdict
from datetime import UTC
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


revision = 'a1c2e3f40001'
down_revision = '9f4f9813455f'
branch_labels = None
depends_on = None

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def _prefix(name):
    letters = "".join(ch for ch in name.upper() if "A" <= ch <= "Z")
    return (letters[:3] or "CASE").ljust(2, "X")


def _year(opened_at):
    if isinstance(opened_at, str):
        from datetime import datetime
        opened_at = datetime.fromisoformat(opened_at)
    if opened_at.tzinfo is None:
        opened_at = opened_at.replace(tzinfo=UTC)
    return opened_at.astimezone(COPENHAGEN).year


def _fill(connection):
    organisations = sa.table("organisations", sa.column("id", sa.Uuid()), sa.column("name", sa.String()),
                             sa.column("case_prefix", sa.String()))
    cases = sa.table("cases", sa.column("id", sa.Uuid()), sa.column("organisation_id", sa.Uuid()),
                     sa.column("opened_at", sa.DateTime()), sa.column("reference", sa.String()))
    counters = sa.table("case_reference_counters", sa.column("organisation_id", sa.Uuid()),
                        sa.column("year", sa.Integer()), sa.column("last_number", sa.Integer()))
    prefixes = {}
    for org_id, name in connection.execute(sa.select(organisations.c.id, organisations.c.name)).all():
        prefixes[org_id] = _prefix(name)
        connection.execute(organisations.update().where(organisations.c.id == org_id)
                           .values(case_prefix=prefixes[org_id]))
    numbers = defaultdict(int)
    rows = connection.execute(sa.select(cases.c.id, cases.c.organisation_id, cases.c.opened_at)
                              .order_by(cases.c.opened_at, cases.c.id)).all()
    for case_id, org_id, opened_at in rows:
        year = _year(opened_at)
        numbers[(org_id, year)] += 1
        reference = f"{prefixes[org_id]}-{year}-{numbers[(org_id, year)]:04d}"
        connection.execute(cases.update().where(cases.c.id == case_id).values(reference=reference))
    for (org_id, year), last in numbers.items():
        connection.execute(counters.insert().values(organisation_id=org_id, year=year, last_number=last))


def upgrade():
    op.create_table('case_reference_counters',
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_case_reference_counters_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('organisation_id', 'year', name=op.f('pk_case_reference_counters'))
    )
    # NOT NULL columns with a default are added in place: on SQLite a table
    # rebuild would drop ``organisations`` and ``cases``, which other rows reference.
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_prefix', sa.String(length=8), server_default='CASE', nullable=False))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=24), server_default='', nullable=False))
    _fill(op.get_bind())
    op.create_index('uq_cases_organisation_reference', 'cases', ['organisation_id', 'reference'], unique=True)
    if op.get_bind().dialect.name != 'sqlite':
        op.alter_column('cases', 'reference', server_default=None)


def downgrade():
    # Dropped in place (SQLite 3.35+), for the same reason as above.
    op.drop_index('uq_cases_organisation_reference', table_name='cases')
    op.drop_column('cases', 'reference')
    op.drop_column('organisations', 'case_prefix')
    op.drop_table('case_reference_counters')
