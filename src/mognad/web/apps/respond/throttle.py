"""Rate limits on respondents' links: counted per token, never per IP address.

A whole company may reach the site through one address, so an address says nothing
about who is knocking. A token does: a personal invitation is opened by one person,
an open link by one group. Unknown tokens share one bucket, so guessing is slow
while every real link keeps its own allowance. The counts live in the cache
(mognad.web.counters), shared by every server process when CACHE_URL names Redis.
"""

import time

from django.conf import settings

from mognad.web import counters

WINDOW_SECONDS = 60
# Per minute. An open link is shared by a whole group that may arrive at once (a burst
# of a thousand people within a minute), so it gets far more room than a personal one.
DEFAULT_LIMITS = {"invitation": 30, "link": 3000, "unknown": 60}


def limit_for(kind: str) -> int:
    configured: dict[str, int] = getattr(settings, "MOGNAD_RESPOND_RATE_LIMITS", {})
    return configured.get(kind, DEFAULT_LIMITS[kind])


def allow(kind: str, bucket: str) -> bool:
    """Counts one request in `bucket`'s current fixed window; False once over the limit."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"respond-rate:{kind}:{bucket}:{window}"
    count = counters.add_one(key, WINDOW_SECONDS * 2)
    return count is None or count <= limit_for(kind)
