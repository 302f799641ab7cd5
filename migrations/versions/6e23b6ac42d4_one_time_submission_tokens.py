"""one-time submission tokens: a creating form sent twice creates once

Revision ID: 6e23b6ac42d4
Revises: 600dfd073ae5
Create Date: 2026-11-28 18:08:57.931115

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6e23b6ac42d4'
down_revision = '600dfd073ae5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submission_tokens',
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('result_path', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_submission_tokens'))
    )
    with op.batch_alter_table('submission_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_tokens_created_at'), ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('submission_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_tokens_created_at'))

    op.drop_table('submission_tokens')
