"""The stage of a session as the live pages follow it: its state, the vote open now, the last vote closed. A phone
polls with the stage it shows; while the stage is unchanged the answer is 204 with no query at all (not even the
login's): the stage says nothing the public room screen does not show. The stage is cached for a few seconds
(Redis in production) and dropped when a vote opens or closes or the session moves, so phones learn of it at
their next poll."""

from django.core.cache import cache
from django.db import transaction

from assemblies.models import Session, Vote, VoteStatus

TTL_SECONDS = 2  # a safety net for a cache that is not shared by every process (the embedded default)


def _cache_key(session_id: int) -> str:
    return f"assemblies:stage:{session_id}"


def stage(session_id: int) -> str:
    key = _cache_key(session_id)
    found = cache.get(key)
    if found is not None:
        return str(found)
    status = Session.objects.filter(pk=session_id).values_list("status", flat=True).first() or ""
    votes = Vote.objects.filter(item__session_id=session_id)
    open_vote = votes.filter(status=VoteStatus.OPEN).values_list("pk", flat=True).first() or 0
    closed = (
        votes.filter(status=VoteStatus.CLOSED).order_by("-closed_at").values_list("pk", flat=True).first()
        or 0
    )
    value = f"{status}-{open_vote}-{closed}"
    cache.set(key, value, TTL_SECONDS)
    return value


def changed(session_id: int) -> None:
    """Drop the cached stage once the caller's transaction commits."""
    transaction.on_commit(lambda: cache.delete(_cache_key(session_id)))
