"""Signals that features send and others (the audit trail) receive, so imports stay one-way.

Receivers get ids and codes only, never personal data.
"""

from blinker import Namespace

_signals = Namespace()

# sender: the app; kwargs: user_id
sign_in_succeeded = _signals.signal("sign-in-succeeded")
# sender: the app; kwargs: user_id (None when no account matched)
sign_in_failed = _signals.signal("sign-in-failed")
# sender: the app; kwargs: user_id
signed_out = _signals.signal("signed-out")
# sender: the app; kwargs: user_id, endpoint, status (403 or 404)
access_refused = _signals.signal("access-refused")
# sender: the app; kwargs: actor_id, organisation_id, action, target_type, target_id, detail (codes only)
record_changed = _signals.signal("record-changed")
# sender: the app; kwargs: actor_id, organisation_id, person_id, purpose (e.g. "view", "edit", "search")
personal_data_viewed = _signals.signal("personal-data-viewed")
