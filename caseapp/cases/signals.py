"""What the cases feature tells others, so that they react without cases knowing them."""

from blinker import Namespace

_signals = Namespace()

# sender: the app; kwargs: case, actor, purpose (a ConsentPurpose). Sent inside the withdrawing transaction.
consent_withdrawn = _signals.signal("consent-withdrawn")
