"""The one way features tell the audit trail about a view of personal data or a change (ids and codes only).

The audit feature receives these signals; core never imports it.
"""

from flask import current_app
from flask_login import current_user

from caseapp.core.signals import personal_data_viewed, record_changed

_SIGNED_IN = object()


def record_view(purpose, person_id=None, **extra):
    """Record that the signed-in user is shown decrypted personal data for ``purpose``."""
    personal_data_viewed.send(current_app._get_current_object(), actor_id=current_user.id,
                              organisation_id=current_user.organisation_id, person_id=person_id,
                              purpose=purpose, **extra)


def record_change(action, target_type, target_id, detail=None, *, actor_id=_SIGNED_IN,
                  organisation_id=_SIGNED_IN):
    """Record a change in the transaction that makes it; actor and organisation default to the signed-in user's."""
    if actor_id is _SIGNED_IN:
        actor_id = current_user.id
    if organisation_id is _SIGNED_IN:
        organisation_id = current_user.organisation_id
    record_changed.send(current_app._get_current_object(), actor_id=actor_id, organisation_id=organisation_id,
                        action=action, target_type=target_type, target_id=target_id, detail=detail or {})
