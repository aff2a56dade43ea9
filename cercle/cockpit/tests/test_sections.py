"""Life cycle, engagement ladder and trends, on posts written by hand (no database)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cercle.cockpit.engagement import (
    LEVELS,
    MemberStats,
    compute_engagement,
    level_of,
    next_level,
)
from cercle.cockpit.lifecycle import compute_lifecycle, stage_at
from cercle.cockpit.report import report_from_records
from cercle.cockpit.table import PostTable, end_of_day, months_between, shift_months, to_micros
from cercle.cockpit.trends import compute_trends, reply_network

from .helpers import AS_OF, after, ago

UTC_ZONE = ZoneInfo("UTC")


def table(posts, as_of=AS_OF):
    return PostTable.from_records(posts, until=end_of_day(as_of))


# --- Calendar helpers ------------------------------------------------------------------------


def test_shift_months_clips_the_day():
    moment = datetime(2024, 3, 31, 12, tzinfo=UTC)
    assert shift_months(moment, -1) == datetime(2024, 2, 29, 12, tzinfo=UTC)
    assert shift_months(moment, -13) == datetime(2023, 2, 28, 12, tzinfo=UTC)
    assert shift_months(moment, 10) == datetime(2025, 1, 31, 12, tzinfo=UTC)


def test_months_between_stops_at_the_end():
    start = end_of_day(date(2023, 12, 30))  # 31 December 00:00
    months = months_between(start, end_of_day(date(2024, 2, 10)))
    assert [label for label, _s, _e in months] == ["2023-12", "2024-01", "2024-02"]
    assert months[-1][2] == end_of_day(date(2024, 2, 10))


# --- Life cycle ------------------------------------------------------------------------------


def signals(**given):
    base = {
        "age_days": 800,
        "peak_active_90d": 40,
        "decline_from_peak": 0.1,
        "non_animator_share": 0.8,
        "growth": 1.0,
        "core_renewal": 0.2,
    }
    return {**base, **given}


@pytest.mark.parametrize(
    ("given", "stage"),
    [
        ({"age_days": 60}, "potential"),
        ({"peak_active_90d": 4}, "potential"),
        ({"decline_from_peak": 0.5}, "transformation"),
        ({"decline_from_peak": 0.7, "age_days": 300}, "coalescing"),
        ({"age_days": 200}, "coalescing"),
        ({"non_animator_share": 0.49}, "coalescing"),
        ({"growth": 1.2}, "maturing"),
        ({"core_renewal": 0.5}, "maturing"),
        ({}, "stewardship"),
        # Unknown signals meet no test: an archive without animators, no previous window.
        ({"non_animator_share": None, "growth": None}, "stewardship"),
    ],
)
def test_stage_rules(given, stage):
    placed, evidence = stage_at(signals(**given))
    assert placed == stage
    assert evidence[-1]["stage"] == stage
    assert evidence[-1]["met"]
    assert not any(rule["met"] for rule in evidence[:-1])


def steady(days: int, authors: int = 8, every: int = 1, until_days_ago: int = 0):
    """Each author posts every `every` days, from `days` ago to `until_days_ago` ago."""
    return [
        (f"{day}-{a}", f"{day}-{a}", f"author{a}", ago(day, hours=a), None)
        for day in range(days, until_days_ago, -every)
        for a in range(authors)
    ]


def test_a_steady_member_driven_community_is_in_stewardship():
    section = compute_lifecycle(table(steady(600, every=3)), AS_OF, animators={"someone else"})
    assert section["stage"] == "stewardship"
    assert section["signals"]["non_animator_share"] == 1.0
    assert section["signals"]["core_renewal"] == 0.0
    assert section["history"][-1]["stage"] == "stewardship"
    assert section["history"][0]["stage"] == "potential"
    assert len(section["history"]) == len(months_between(to_micros(ago(600)), to_micros(ago())))


def test_animators_writing_most_keep_it_coalescing():
    section = compute_lifecycle(
        table(steady(600, every=3)),
        AS_OF,
        animators={"author0", "author1", "author2", "author3", "author4"},
    )
    assert section["signals"]["non_animator_share"] == pytest.approx(3 / 8, rel=0.02)
    assert section["stage"] == "coalescing"


def test_an_archive_has_no_animator_share():
    section = compute_lifecycle(table(steady(600, every=3)), AS_OF, animators=None)
    assert section["signals"]["non_animator_share"] is None
    assert section["notes"] == {"non_animator_share": "no-animators"}


def test_a_fading_community_is_in_transformation():
    posts = steady(700, every=2, until_days_ago=200) + steady(60, authors=2, every=10)
    section = compute_lifecycle(table(posts), AS_OF)
    assert section["stage"] == "transformation"
    assert section["signals"]["decline_from_peak"] > 0.9
    stages = [entry["stage"] for entry in section["history"]]
    assert "transformation" in stages
    assert stages.index("transformation") > stages.index("coalescing")


def test_no_post_no_stage():
    section = compute_lifecycle(table([]), AS_OF)
    assert section["stage"] is None
    assert section["notes"]["stage"] == "no-posts"


# --- Engagement ladder -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stats", "level"),
    [
        (MemberStats(), "observer"),
        (MemberStats(visit_days=11), "observer"),
        (MemberStats(visit_days=12), "participant"),
        (MemberStats(posts=1), "participant"),
        (MemberStats(posts=3), "contributor"),
        (MemberStats(posts=1, accepted=1), "contributor"),
        (MemberStats(posts=12, months=5), "contributor"),
        (MemberStats(posts=12, months=6), "regular"),
        (MemberStats(posts=40, months=6, replies_to_others=20, threads=4, accepted=2), "regular"),
        (MemberStats(posts=40, months=6, replies_to_others=20, threads=5), "leader"),
        (MemberStats(posts=40, months=6, replies_to_others=20, accepted=3), "leader"),
    ],
)
def test_levels(stats, level):
    assert level_of(stats) == level


def test_what_the_next_level_asks():
    assert next_level(MemberStats(visit_days=10)) == {
        "level": "participant",
        "missing": {"posts": 1},
    }
    assert next_level(MemberStats(posts=1)) == {"level": "contributor", "missing": {"posts": 2}}
    assert next_level(MemberStats(posts=12, months=4)) == {
        "level": "regular",
        "missing": {"months": 2},
    }
    assert next_level(MemberStats(posts=30, months=7, replies_to_others=15, threads=4)) == {
        "level": "leader",
        "missing": {"replies_to_others": 5, "threads": 1},
    }
    assert next_level(MemberStats(posts=30, months=7, replies_to_others=25, accepted=5)) is None


def ladder_posts():
    posts = []
    # rita: a post every 2 weeks for a year, answering others: regular, and a leader with
    # 5 threads of her own.
    for n in range(26):
        posts.append((f"o{n}", f"T{n}", f"asker{n % 4}", ago(7 + 14 * n), None))
        posts.append((f"r{n}", f"T{n}", "rita", ago(7 + 14 * n, hours=-1), f"o{n}"))
    posts += [(f"rt{n}", f"R{n}", "rita", ago(20 + 30 * n), None) for n in range(5)]
    # sam posted 3 times 13 months ago, nothing since: contributor then, observer now.
    posts += [(f"s{n}", f"S{n}", "sam", ago(400 + n), None) for n in range(3)]
    return posts


def test_ladder_of_a_small_community():
    section = compute_engagement(table(ladder_posts()), AS_OF, accepted={"r1"})
    by_author = {m["author"]: m for m in section["members"]}
    assert by_author["rita"]["level"] == "leader"
    assert by_author["rita"]["replies_to_others"] == 26
    assert by_author["rita"]["threads"] == 5
    assert by_author["rita"]["accepted"] == 1
    assert by_author["sam"]["level"] == "observer"  # on the ladder from his posts
    assert by_author["asker0"]["level"] == "contributor"
    assert section["levels"]["leader"] == 1
    assert sum(section["levels"].values()) == len(section["members"])
    assert set(section["levels"]) == set(LEVELS)


def test_members_who_never_posted_are_observers_unless_they_visit():
    joined = ago(300)
    section = compute_engagement(
        table(ladder_posts()),
        AS_OF,
        members={
            "rita": (joined, None),
            "quiet": (joined, None),
            "reader": (joined, None),
            "gone": (joined, ago(10)),
        },
        visit_days={"reader": 40, "quiet": 2},
    )
    by_author = {m["author"]: m["level"] for m in section["members"]}
    assert by_author["quiet"] == "observer"
    assert by_author["reader"] == "participant"
    assert "gone" not in by_author  # left before the as-of day


def test_ladder_history_agrees_with_the_level_at_each_months_end():
    posts = ladder_posts()
    later = compute_engagement(table(posts), AS_OF)
    history = {entry["month"]: entry for entry in later["history"]}
    for as_of in (date(2024, 3, 31), date(2024, 5, 31), date(2023, 12, 31)):
        direct = compute_engagement(table(posts, as_of), as_of)
        month = f"{as_of.year:04d}-{as_of.month:02d}"
        assert history[month]["levels"] == direct["levels"], month
        assert history[month]["partial"] is False
    assert later["history"][-1]["levels"] == later["levels"]


def test_movements_up_and_down():
    posts = [
        *ladder_posts(),
        ("t1", "TT", "tess", ago(80), None),
        ("t2", "TT", "tess", ago(20), "t1"),
        ("t3", "TT", "tess", ago(10), "t2"),
    ]
    section = compute_engagement(table(posts), AS_OF)
    # sam fell from contributor to observer when his posts left the year; rita rose.
    assert any(entry["down"] for entry in section["history"])
    assert any(entry["up"] for entry in section["history"])
    # tess was a participant at the end of May, and is a contributor now.
    assert {"author": "tess", "from": "participant", "to": "contributor"} in section["movements"]
    assert section["history"][-1]["up"] >= 1


# --- Trends ----------------------------------------------------------------------------------


def test_monthly_series_add_up():
    posts = steady(200, authors=3, every=5)
    result = report_from_records(posts, AS_OF)
    monthly = result["trends"]["monthly"]
    assert sum(m["posts"] for m in monthly) == result["posts_total"]
    assert sum(m["threads"] for m in monthly) == result["threads_total"]
    assert sum(m["new_contributors"] for m in monthly) == result["indicators"]["contributors_total"]
    assert monthly[-1]["month"] == "2024-06"
    assert monthly[-1]["partial"] is False  # 30 June is June's last day
    compared = result["trends"]["compared"]["values"]["posts_90d"]
    assert compared["current"] == result["indicators"]["posts_90d"]
    assert compared["change"] == compared["current"] - compared["previous"]


def test_newcomer_cohorts_by_month_and_joyce_kraut():
    start = ago(150)
    posts = [
        ("n1", "N1", "nora", start, None),
        ("n2", "N1", "otto", after(start, days=1), "n1"),  # otto: first post is a reply
        ("n3", "N1", "nora", after(start, days=20), "n2"),  # nora returns (was replied)
        ("n4", "N4", "pia", after(start, days=2), None),  # pia: ignored, never back
        ("n5", "N5", "late", ago(5), None),  # this month: not observed yet
    ]
    newcomers = compute_trends(table(posts), AS_OF, timezone=UTC_ZONE)["newcomers"]
    by_month = {m["month"]: m for m in newcomers["by_month"]}
    first = by_month[start.strftime("%Y-%m")]
    assert first["newcomers"] == 3
    assert first["replied_7d"] == 1
    assert first["returned_90d"] == 1
    assert first["complete"] is True
    assert by_month["2024-06"]["returned_90d"] is None
    assert by_month["2024-06"]["complete"] is False
    assert newcomers["joyce_kraut"]["replied"] == {
        "newcomers": 1,
        "returned": 1,
        "return_rate": 1.0,
    }
    assert newcomers["joyce_kraut"]["not_replied"] == {
        "newcomers": 2,
        "returned": 0,
        "return_rate": 0.0,
    }


def test_rhythm_is_in_the_sites_time_zone():
    posts = [("w", "W", "wes", datetime(2024, 6, 3, 22, 30, tzinfo=UTC), None)]  # a Monday
    paris = compute_trends(table(posts), AS_OF, timezone=ZoneInfo("Europe/Paris"))["rhythm"]
    assert paris["grid"][1][0] == 1  # Tuesday 00:30 in Paris (UTC+2)
    utc = compute_trends(table(posts), AS_OF, timezone=UTC_ZONE)["rhythm"]
    assert utc["grid"][0][22] == 1


def network_posts():
    posts = [("h0", "T1", "hub", ago(10), None)]
    posts += [(f"h{n}", f"H{n}", "hub", ago(10, hours=n), None) for n in range(1, 30)]
    posts += [
        ("x1", "T1", "x", ago(9), "h0"),
        ("hx", "T1", "hub", ago(8), "x1"),
        ("y1", "T1", "y", ago(9), "h0"),
        ("a1", "T2", "a", ago(9), None),
        ("b1", "T2", "b", ago(8), "a1"),
        ("c1", "T2", "c", ago(7), "b1"),
        ("s1", "T3", "solo", ago(7), None),
    ]
    return posts


def test_reply_network_places():
    end = end_of_day(AS_OF)
    network = reply_network(table(network_posts()), end - 90 * 86_400_000_000, end)
    places = {m["author"]: m["place"] for m in network["members"]}
    assert places == {
        "hub": "core",
        "b": "bridge",  # a and c are linked only through b
        "a": "connected",
        "c": "connected",
        "x": "connected",
        "y": "connected",
        "solo": "isolated",
    }
    pairs = {(p["from"], p["to"]): p["replies"] for p in network["pairs"]}
    assert pairs == {
        ("x", "hub"): 1,
        ("hub", "x"): 1,
        ("y", "hub"): 1,
        ("b", "a"): 1,
        ("c", "b"): 1,
    }


def test_members_answering_in_two_groups_are_bridges():
    posts = [
        *[(f"h{n}", f"H{n}", "hub", ago(10, hours=n), None) for n in range(40)],
        ("g1", "G1", "ann", ago(9), None),
        ("g2", "G2", "bea", ago(9), None),
        ("m1", "G1", "max", ago(8), "g1"),
        ("m2", "G2", "max", ago(8), "g2"),
        ("m3", "G2", "ann", ago(7), "g2"),
    ]
    end = end_of_day(AS_OF)
    window = end - 90 * 86_400_000_000
    groups = {"G1": 1, "G2": 2}
    # max, ann and bea form a triangle: nobody is a cut point; max answers in both groups.
    network = reply_network(table(posts), window, end, thread_groups=groups)
    places = {m["author"]: m["place"] for m in network["members"]}
    assert places == {
        "hub": "isolated",
        "ann": "connected",
        "bea": "connected",
        "max": "bridge",
    } | {"hub": "core"}
    without_groups = reply_network(table(posts), window, end)
    assert {m["author"]: m["place"] for m in without_groups["members"]}["max"] == "connected"
