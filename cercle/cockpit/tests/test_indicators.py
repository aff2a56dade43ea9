"""The indicators of docs/indicators.md: small cases counted by hand, then the engine against
the brute-force reference (reference.py) on the two real archives and on random data."""

import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cercle.cockpit.indicators import INDICATOR_KEYS, compute_indicators
from cercle.connectors.readers import read_mbox, read_stackexchange

from .helpers import AS_OF, after, ago
from .reference import reference_indicators

REPO = Path(__file__).resolve().parents[3]
SAMPLES = Path(os.environ.get("CERCLE_SAMPLE_ARCHIVES", REPO.parent / "shared" / "data"))


def indicators(posts, as_of=AS_OF):
    return compute_indicators(posts, as_of)["indicators"]


def conversation():
    """Five threads around the 90-day window (see each comment)."""
    a_open, b_open, c_open = ago(10), ago(20), ago(30)
    return [
        # A: alice answers herself only: unanswered.
        ("a1", "A", "alice", a_open, None),
        ("a2", "A", "alice", ago(9), "a1"),
        # B: carol answers after 5 hours, then dan.
        ("b1", "B", "bob", b_open, None),
        ("b2", "B", "carol", after(b_open, hours=5), "b1"),
        ("b3", "B", "dan", ago(19), "b1"),
        # C: bob answers after 50 hours (answered, not within 48 h).
        ("c1", "C", "carol", c_open, None),
        ("c2", "C", "bob", after(c_open, hours=50), "c1"),
        # D: opened before the window; alice's reply is in it.
        ("d1", "D", "dan", ago(100), None),
        ("d2", "D", "alice", ago(5), "d1"),
        # E: opened on the last day; its answer comes after T and does not exist yet.
        ("e1", "E", "erin", ago(hours=1), None),
        ("e2", "E", "bob", after(ago(), hours=1), "e1"),
    ]


def test_every_key_is_there_and_nothing_else():
    result = compute_indicators(conversation(), AS_OF)
    assert tuple(result["indicators"]) == INDICATOR_KEYS
    assert result["as_of"] == "2024-06-30"
    assert result["posts_total"] == 10  # e2 is after T
    assert result["threads_total"] == 5


def test_threads_and_first_responses():
    values = indicators(conversation())
    assert values["posts_90d"] == 9
    assert values["replies_90d"] == 5
    assert values["threads_90d"] == 4  # A, B, C, E
    assert values["unanswered_threads_90d"] == 2  # A (only its opener), E (answered after T)
    assert values["unanswered_share_90d"] == 0.5
    assert values["first_response_median_hours_90d"] == 27.5  # median of 5 h and 50 h
    assert values["answered_within_48h_share_90d"] == 0.25  # B only, over 4 threads


def test_contributors():
    values = indicators(conversation())
    assert values["contributors_total"] == 5
    assert values["active_contributors_90d"] == 5
    assert values["active_contributors_30d"] == 5
    assert values["new_contributors_90d"] == 4  # dan first posted 100 days ago


def test_concentration_and_onion():
    # Window posts per author: alice 3, bob 2, carol 2, dan 1, erin 1 (9 posts, 5 authors).
    values = indicators(conversation())
    # Sum over ordered pairs of |x_i - x_j| = 20; 2 n^2 mean = 2 * 25 * 9/5 = 90.
    assert values["gini_posts_90d"] == pytest.approx(20 / 90)
    assert values["top_10pct_share_90d"] == pytest.approx(3 / 9)  # ceil(0.5) = 1 author
    assert values["absence_factor_90d"] == 2  # 3 < 4.5, 3 + 2 >= 4.5
    # Before each, in rank order: alice 0, bob 3, carol 5, dan 7 (< 80% of 9 = 7.2): core;
    # erin 8 (< 95%): regular.
    assert values["core_members_90d"] == 4
    assert values["regular_members_90d"] == 1
    assert values["casual_members_90d"] == 0


def test_reply_pairs_and_reciprocity():
    values = indicators(conversation())
    # carol->bob, dan->bob, bob->carol, alice->dan; alice->alice is not a pair.
    assert values["reply_pairs_90d"] == 4
    assert values["reciprocity_90d"] == 0.5


def test_a_reply_to_a_deleted_post_is_a_reply_but_makes_no_pair():
    posts = [("x1", "X", "alice", ago(3), None), ("x3", "X", "bob", ago(2), "x2-deleted")]
    values = indicators(posts)
    assert values["replies_90d"] == 1
    assert values["reply_pairs_90d"] == 0
    assert values["reciprocity_90d"] is None
    # Bob's post is still a post by someone else in the thread: it answers it.
    assert values["unanswered_threads_90d"] == 0


def test_window_edges():
    posts = [
        ("p1", "P", "in", ago(90), None),  # T - 90 days + 1 µs... the window's first instant
        ("p2", "Q", "out", ago(90, microseconds=1), None),  # T - 90 days: outside
        ("p3", "R", "last", ago(microseconds=1), None),  # T itself
        ("p4", "S", "later", ago(), None),  # the next day: does not exist
        ("p5", "U", "thirty", ago(30), None),
        ("p6", "V", "not-thirty", ago(30, microseconds=1), None),
    ]
    result = compute_indicators(posts, AS_OF)
    assert result["posts_total"] == 5
    values = result["indicators"]
    assert values["posts_90d"] == 4
    assert values["active_contributors_30d"] == 2  # "last" and "thirty"


def newcomers():
    frank = ago(150)
    hank = ago(120)
    return [
        # frank: replied by gina exactly 7 days later (counts), posts again 80 days later.
        ("f1", "F", "frank", frank, None),
        ("f2", "F", "gina", after(frank, days=7), "f1"),
        ("f3", "F", "frank", after(frank, days=80), "f2"),
        # gina's first post is that reply; she posts again 133 days later: not a return.
        ("g2", "G", "gina", ago(10), None),
        # hank: frank replies 8 days later (too late); hank posts again 10 days later.
        ("h1", "H", "hank", hank, None),
        ("h2", "H", "frank", after(hank, days=8), "h1"),
        ("h3", "H", "hank", after(hank, days=10), "h2"),
        # ivan: only answers himself, the next day: a return, not a reply.
        ("i1", "I", "ivan", ago(100), None),
        ("i2", "I", "ivan", ago(99), "i1"),
        # olga: first post before the cohort; zoe: after it.
        ("o1", "O", "olga", ago(181), None),
        ("z1", "Z", "zoe", ago(89), None),
    ]


def test_newcomer_cohort():
    values = indicators(newcomers())
    assert values["newcomers_cohort_size"] == 4  # frank, gina, hank, ivan
    assert values["newcomer_reply_rate"] == 0.25  # frank
    assert values["newcomer_return_rate"] == 0.75  # frank, hank, ivan
    assert values["newcomer_return_rate_if_replied"] == 1.0
    assert values["newcomer_return_rate_if_not_replied"] == pytest.approx(2 / 3)


def test_silent_contributors():
    posts = []
    for author, days in {
        "jack": (200, 160, 95),  # 3 posts, the last in (T-180d, T-90d]: silent
        "kate": (200, 100),  # 2 posts only
        "leo": (200, 150, 50),  # posted in the window
        "mia": (300, 250, 185),  # last post before T-180d
    }.items():
        for n, day in enumerate(days):
            posts.append((f"{author}{n}", f"{author}{n}", author, ago(day), None))
    assert indicators(posts)["silent_contributors_90d"] == 1


def test_undefined_values_are_null_with_a_reason():
    result = compute_indicators([("o", "O", "olga", ago(400), None)], AS_OF)
    values = result["indicators"]
    for key in (
        "unanswered_share_90d",
        "first_response_median_hours_90d",
        "answered_within_48h_share_90d",
        "newcomer_reply_rate",
        "newcomer_return_rate",
        "gini_posts_90d",
        "top_10pct_share_90d",
        "absence_factor_90d",
        "reciprocity_90d",
    ):
        assert values[key] is None, key
        assert result["notes"][key] != "small-sample", key
    assert values["posts_90d"] == 0
    assert values["contributors_total"] == 1
    assert result["notes"]["unanswered_share_90d"] == "no-threads-90d"


def test_small_samples_are_noted_but_given():
    result = compute_indicators(newcomers(), AS_OF)
    assert result["indicators"]["newcomer_return_rate"] == 0.75
    assert result["notes"]["newcomer_return_rate"] == "small-sample"


def test_first_response_before_the_opening_is_floored_at_zero():
    posts = [
        ("q2", "Q", "bob", ago(11), "q1"),  # clocks disagree: the answer is dated earlier
        ("q1", "Q", "alice", ago(10), None),
    ]
    assert indicators(posts)["first_response_median_hours_90d"] == 0


# --- Against the reference -----------------------------------------------------------------


def _same(engine: dict, reference: dict) -> None:
    assert engine["posts_total"] == reference["posts_total"]
    assert engine["threads_total"] == reference["threads_total"]
    for key in INDICATOR_KEYS:
        expected, got = reference["indicators"][key], engine["indicators"][key]
        if expected is None or got is None:
            assert got is expected, key
        else:
            assert got == pytest.approx(expected, rel=1e-12, abs=1e-12), key


def _records(reader, path):
    return [
        (p.source_id, p.thread_id, p.author_key, p.created_at, p.parent_id) for p in reader(path)
    ]


@pytest.mark.parametrize(
    ("reader", "folder", "days"),
    [
        (
            read_mbox,
            "clearwater-mailing-list",
            [
                "2015-07-16",
                "2015-10-14",
                "2016-03-31",
                "2016-06-15",
                "2017-01-01",
                "2018-05-20",
                "2019-11-30",
            ],
        ),
        (
            read_stackexchange,
            "beer-stackexchange",
            ["2014-01-21", "2014-04-30", "2014-12-31", "2015-06-30", "2016-02-29", "2017-03-15"],
        ),
    ],
)
def test_real_archives_agree_with_the_reference(reader, folder, days):
    posts = _records(reader, SAMPLES / folder)
    for day in days:
        as_of = date.fromisoformat(day)
        _same(compute_indicators(posts, as_of), reference_indicators(posts, as_of))


def random_posts(rng: random.Random, size: int):
    """Posts with many ties (few distinct instants, many on midnights: the windows' edges),
    replies dated before their parent, deleted parents, and a shared unknown author (None)."""
    start = datetime(2023, 1, 1, tzinfo=UTC)
    authors = ["ann", "ben", "cat", "dov", "eve", "fay", None]
    posts, threads = [], {}
    for n in range(size):
        moment = start + timedelta(
            days=rng.randrange(0, 420),
            hours=rng.choice((0, 0, 0, 6, 12)),
            microseconds=rng.choice((0, 0, 1)),
        )
        author = rng.choice(authors[: rng.randint(2, len(authors))])
        if not threads or rng.random() < 0.3:
            thread = f"t{n}"
            threads[thread] = [f"p{n}"]
            parent = None
        else:
            thread = rng.choice(list(threads))
            roll = rng.random()
            parent = (
                f"gone{n}"
                if roll < 0.05
                else threads[thread][0]
                if roll < 0.5
                else rng.choice(threads[thread])
            )
            threads[thread].append(f"p{n}")
        posts.append((f"p{n}", thread, author, moment, parent))
    return posts


@pytest.mark.parametrize("seed", range(12))
def test_random_data_agrees_with_the_reference(seed):
    rng = random.Random(seed)
    posts = random_posts(rng, rng.choice((15, 60, 200)))
    for _ in range(4):
        as_of = date(2023, 1, 1) + timedelta(days=rng.randrange(-5, 440))
        _same(compute_indicators(posts, as_of), reference_indicators(posts, as_of))
