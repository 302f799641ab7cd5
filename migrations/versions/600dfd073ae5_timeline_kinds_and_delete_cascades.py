"""timeline kinds registered by features; case and person children cascade on delete

A case event's kind is any kind a feature registers (core.registry), so the
CHECK constraint listing the cases feature's own kinds goes. Deleting a case
deletes its timeline and consents, deleting a person deletes their cases,
and a person's contacts stay as anonymous contacts.

Revision ID: 600dfd073ae5
Revises: 83fad6972eb4
Create Date: 2026-11-28 17:51:44.175964

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '600dfd073ae5'
down_revision = '83fad6972eb4'
branch_labels = None
depends_on = None


CASE_KINDS = ('opened', 'status_changed', 'decision', 'assigned', 'note', 'contact', 'consent_given',
              'consent_withdrawn', 'edited')


def upgrade():
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_events_case_event_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_case_events_case_id_cases'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_case_events_case_id_cases'), 'cases', ['case_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_person_id_persons'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_cases_person_id_persons'), 'persons', ['person_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consents_case_id_cases'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_consents_case_id_cases'), 'cases', ['case_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contacts_person_id_persons'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_contacts_person_id_persons'), 'persons', ['person_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contacts_person_id_persons'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_contacts_person_id_persons'), 'persons', ['person_id'], ['id'])

    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_consents_case_id_cases'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_consents_case_id_cases'), 'cases', ['case_id'], ['id'])

    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_person_id_persons'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_cases_person_id_persons'), 'persons', ['person_id'], ['id'])

    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_events_case_id_cases'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_case_events_case_id_cases'), 'cases', ['case_id'], ['id'])
        batch_op.create_check_constraint('case_event_kind', sa.column('kind').in_(CASE_KINDS))
