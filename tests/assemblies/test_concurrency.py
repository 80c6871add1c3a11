"""Many voters, one vote: real threads, each on its own PostgreSQL connection, against committed rows."""

import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from assemblies import services
from assemblies.models import Choice, Deliberation, Participation, Secrecy, Vote, VoteStatus
from tests.assemblies.helpers import build_assembly, build_large_assembly, sitting
from tests.worlds import World

CONNECTIONS = 50


def on_own_connection(work: Callable[[], str]) -> Callable[[], str]:
    def run() -> str:
        try:
            return work()
        finally:
            connection.close()

    return run


def cast(user: Any, vote: Vote, voter: Any, choice: str) -> str:
    try:
        services.ballot_cast(actor=user, vote=vote, voter=voter, choice=choice)
        return "counted"
    except ValidationError as error:
        return error.code or "refused"


def test_100_voters_at_once_through_50_connections_give_an_exact_count(committed_world: World) -> None:
    large = build_large_assembly(committed_world, members=100)
    item = large.session.items.get(position=1)
    vote = services.vote_open(actor=large.udp, item=item, secrecy=Secrecy.SECRET)
    rng = random.Random(9)
    choices = [rng.choice(Choice.values) for _ in large.mayors]
    barrier = threading.Barrier(CONNECTIONS)

    def voter_pair(index: int) -> str:
        # Each connection casts for two members, the first of them together with every other connection.
        barrier.wait()
        results = []
        for (user, comune), choice in list(zip(large.mayors, choices, strict=True))[
            index * 2 : index * 2 + 2
        ]:
            results.append(cast(user, vote, comune, choice))
        return ",".join(results)

    with ThreadPoolExecutor(max_workers=CONNECTIONS) as pool:
        outcomes = list(pool.map(lambda i: on_own_connection(lambda: voter_pair(i))(), range(CONNECTIONS)))
    assert Counter(",".join(outcomes).split(",")) == {"counted": 100}
    assert Participation.objects.filter(vote=vote).count() == 100
    tallies = {t.choice: t.ballots for t in vote.tallies.all()}
    assert tallies == {choice: choices.count(choice) for choice in Choice.values}
    closed = services.vote_close(actor=large.udp, vote=vote)
    assert closed.ballots_cast == 100
    deliberation = Deliberation.objects.get(vote=vote)
    assert (deliberation.favour, deliberation.against, deliberation.abstain) == (
        choices.count(Choice.FOR),
        choices.count(Choice.AGAINST),
        choices.count(Choice.ABSTAIN),
    )


def test_20_parallel_duplicate_ballots_from_one_voter_store_one(committed_world: World) -> None:
    assembly = build_assembly(committed_world)
    sitting(assembly)
    vote = services.vote_open(actor=committed_world.udp, item=assembly.session.items.get(position=1))
    barrier = threading.Barrier(20)

    def duplicate(choice: str) -> str:
        barrier.wait()
        return cast(assembly.mayor_y, vote, committed_world.y, choice)

    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [
            pool.submit(on_own_connection(partial(duplicate, choice)))
            for choice in [Choice.FOR, Choice.AGAINST] * 10
        ]
        outcomes = Counter(future.result() for future in futures)
    assert outcomes == {"counted": 1, "duplicate": 19}
    assert Participation.objects.filter(vote=vote).count() == 1
    assert sum(t.ballots for t in vote.tallies.all()) == 1


def test_closing_while_ballots_arrive_counts_each_once_or_refuses_it_as_late(committed_world: World) -> None:
    large = build_large_assembly(committed_world, members=100)
    vote = services.vote_open(actor=large.udp, item=large.session.items.get(position=1))
    start = threading.Barrier(CONNECTIONS + 2)
    counted = threading.Event()

    def voter_pair(index: int) -> str:
        start.wait()
        results = []
        for user, comune in large.mayors[index * 2 : index * 2 + 2]:
            results.append(cast(user, vote, comune, Choice.FOR))
            counted.set()
        return ",".join(results)

    def closer() -> str:
        start.wait()
        counted.wait(timeout=30)
        return services.vote_close(actor=large.udp, vote=vote).status

    with ThreadPoolExecutor(max_workers=CONNECTIONS + 2) as pool:
        closers = [pool.submit(on_own_connection(closer)) for _ in range(2)]
        voters = [pool.submit(on_own_connection(partial(voter_pair, index))) for index in range(CONNECTIONS)]
        outcomes = Counter(",".join(future.result() for future in voters).split(","))
        assert [future.result() for future in closers] == [VoteStatus.CLOSED, VoteStatus.CLOSED]
    assert set(outcomes) <= {"counted", "late"} and sum(outcomes.values()) == 100
    vote.refresh_from_db()
    stored = Participation.objects.filter(vote=vote).count()
    assert outcomes["counted"] == stored == vote.ballots_cast == sum(t.ballots for t in vote.tallies.all())
    assert Deliberation.objects.filter(vote=vote).count() == 1
    assert vote.deliberation.favour == outcomes["counted"]
