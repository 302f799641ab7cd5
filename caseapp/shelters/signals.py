"""What the shelters feature tells others (e.g. referrals follow the placements of a referred case)."""

from blinker import Namespace

_signals = Namespace()

# sender: the app; kwargs: case_id, placement_id, actor_id, started (True) or ended (False)
placement_changed = _signals.signal("placement-changed")
