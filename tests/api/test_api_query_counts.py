"""No endpoint makes a query per row: each list and detail makes the same number of queries with few rows and
with many (`grow` adds comuni, members, mandates, seats, organs, sub-ambiti and figures the Ufficio di Piano sees).
"""

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.helpers import API, ApiFor, Registry, body

# Every list: 1 token (with its user), 1 COUNT for the paginator, 1 page of rows with their joins;
# organs/ adds 1 prefetch of the organs' ambiti. (An empty page skips the rows query: every case below has
# at least one row before `grow`.)
LISTS = [
    ("organizations/", 3),
    ("ambiti/", 3),
    ("ambito-memberships/", 3),
    ("persons/", 3),
    ("mandates/", 3),
    ("organs/", 4),
    ("seats/", 3),
    ("population-figures/", 3),
    ("subambiti/", 3),
    ("subambito-memberships/", 3),
]
FILTERED = [  # one row before `grow`, many after
    ("organizations/?search=o&kind=comune&ordering=-istat_code", 3),
    ("mandates/?search=o&ordering=start_date", 3),
]


@pytest.mark.parametrize(("path", "queries"), LISTS + FILTERED)
def test_list_query_count_does_not_grow_with_rows(
    registry: Registry,
    api: ApiFor,
    grow: Callable[[], None],
    django_assert_num_queries: Any,
    path: str,
    queries: int,
) -> None:
    client = api("udp")
    with django_assert_num_queries(queries):
        few = body(client.get(f"{API}/{path}"))["count"]
    grow()
    with django_assert_num_queries(queries):
        many = body(client.get(f"{API}/{path}"))["count"]
    assert 1 <= few < many


# Every detail: 1 token, 1 row with its joins, then one query per prefetched relation:
DETAILS = [
    # aliases, mandates, ambito memberships, seats, population figures, member links, parent links
    ("organizations/{y}/", 9),
    # members, organs
    ("ambiti/{ambito_a}/", 4),
    ("ambito-memberships/{membership_y}/", 2),
    # mandates, seats
    ("persons/{person_y}/", 4),
    ("mandates/{mandate_y}/", 2),
    # ambiti, seats, children
    ("organs/{organ_a}/", 5),
    ("seats/{seat_y}/", 2),
    ("population-figures/{population_y}/", 2),
    # members, organs
    ("subambiti/{subambito_a1}/", 4),
    ("subambito-memberships/{sub_membership_y}/", 2),
    # the user's role assignments
    ("me/", 2),
]


@pytest.mark.parametrize(("path", "queries"), DETAILS)
def test_detail_query_count_does_not_grow_with_related_rows(
    registry: Registry,
    api: ApiFor,
    grow: Callable[[], None],
    django_assert_num_queries: Any,
    path: str,
    queries: int,
) -> None:
    url = API + "/" + path.format(**{name: getattr(registry, name).pk for name in vars(registry)})
    client = api("udp")
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow()
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["owner", "other"])
def test_list_query_counts_are_the_same_for_every_user(
    registry: Registry, api: ApiFor, django_assert_num_queries: Any, who: str
) -> None:
    client = api(who)
    for path, queries in LISTS:
        with django_assert_num_queries(queries):
            assert client.get(f"{API}/{path}").status_code == 200
