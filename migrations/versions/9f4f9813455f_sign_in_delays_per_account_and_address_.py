"""sign-in delays per account and address instead of account lockout

Failed sign-ins are counted per pair of typed account and client address
(both as keyed hashes) in sign_in_delays, so that failing on purpose no
longer locks the account's owner out; users.failed_sign_ins goes.
users.locked_until stays: until when some address must wait, for admins.

Revision ID: 9f4f9813455f
Revises: 6e23b6ac42d4
Create Date: 2026-11-28 18:36:27.076714

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f4f9813455f'
down_revision = '6e23b6ac42d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_delays',
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('account_key', 'address_key', name=op.f('pk_sign_in_delays'))
    )
    with op.batch_alter_table('sign_in_delays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_delays_last_failure_at'), ['last_failure_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('failed_sign_ins')



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.INTEGER(), server_default=sa.text("0"), nullable=False))

    with op.batch_alter_table('sign_in_delays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_delays_last_failure_at'))

    op.drop_table('sign_in_delays')
