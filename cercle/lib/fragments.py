"""Rendered template fragments, memoised in each process and keyed on everything they show.

A page that repeats one fragment many times (the 50 posts of a topic page, the 30 rows of a
topic list) spends most of its time rendering them, though they rarely change between two
views. `{% fragment "discussions/_post.html" post=post ... %}` (templatetags/fragments.py)
renders the fragment with *only* the variables it is given, and keeps the result under a key
made from their values: the same values give the same HTML, so nothing is ever invalidated,
and nothing stale can be shown. The key (`fingerprint`) takes, from each value:

- a model instance: every field it was loaded with, the related objects loaded with it
  (select_related, or set by the view), its prefetched relations, and the attributes the view
  set on it (`can_edit`, `unread_count`...);
- a dataclass or plain object: its attributes; lists, tuples, sets, dicts: their items;
- a date and time: the value, and which "bucket" of its age we are in, so that what the
  humanize filters say of it (`naturaltime`, "3 hours ago") is the same for the whole bucket;

plus the active language and time zone. A fragment cannot see the request, the user or the
page's other variables: what it shows must be passed to it, and so is in its key.

`{% csrf_token %}` inside a fragment renders a placeholder, replaced by the request's own token
each time the fragment is used: fragments stay shareable between visitors.

What a fragment's template may use, then: the values given (a paginator's page is given as
its number only), translations, URLs, static files, filters of those values, the humanize
filters of dates. Not `{% now %}` nor anything else that reads the clock or the request. A
value may tell what of it the fragment shows with a `__fragment_key__()` method (plain values).

The memo is a bounded LRU in each worker process (FRAGMENT_MEMO_SIZE entries): nothing to
invalidate means nothing to share between processes.
"""

import dataclasses
import hashlib
import pickle
import secrets
import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.paginator import Page
from django.db.models import Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.functional import Promise

# Drawn for each process, so that no text written by a member can be taken for it.
CSRF_PLACEHOLDER = f"csrf-{secrets.token_hex(12)}"


class Unkeyable(TypeError):
    """A value the fingerprint does not know how to key: the fragment is rendered unmemoised."""


def _clock(value: datetime, now: datetime) -> tuple[float, float, float]:
    """How far `value` is from `now` in seconds (negative: to come), and the two ways the
    humanize filters count it: to the microsecond (naturaltime under a day, the months and
    years of timesince), and from whole seconds (the weeks, days and hours of timesince,
    which drop the microseconds of the earlier date); with the unit that changes first."""
    seconds = (now - value).total_seconds()
    if seconds >= 0:
        whole = seconds + value.microsecond / 1e6
    else:
        whole = -seconds + now.microsecond / 1e6
    distance = abs(seconds)
    step = 1.0 if distance < 60 else 60.0 if distance < 86400 else 3600.0
    return seconds, whole, step


def age_bucket(value: datetime, now: datetime):
    """A value that stays the same for as long as what naturaltime / timesince say of `value`
    at `now` does: within a minute of `value`, `now` itself (never reused); within a day, the
    minute ("9 hours, 34 minutes"); beyond, the hour (past a day, the finest unit `timesince`
    shows; its months and years turn on whole days from `value`)."""
    seconds, whole, step = _clock(value, now)
    if step == 1.0:
        return now
    return (seconds >= 0, int(abs(seconds) // step), int(whole // step), step)


_PLAIN = frozenset({str, int, float, bool, bytes, Decimal, date, type(None)})
# A model instance that a reader copied from one shared between readers (what
# cercle.discussions.generation.shared keeps, never changed) names it under this attribute:
# the shared one's key is then computed once, and only what the copy changed is added.
SHARED_ORIGINAL = "_shared_original"
_BASE_KEY = "_fragment_key"
_CONTEXT = "language and time zone"
_ABSENT = object()


class _Fingerprint:
    """The values a fragment depends on, as nested tuples of plain values (see the module)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.seen: set[int] = set()

    def __call__(self, value):
        kind = type(value)
        if kind in _PLAIN:
            return value
        if kind is datetime:
            return (value, age_bucket(value, self.now))
        if isinstance(value, Model):
            return self.model(value)
        if isinstance(value, str | int | float):  # SafeString, enums...
            return value
        if isinstance(value, list | tuple):
            return tuple([self(item) for item in value])
        if isinstance(value, set | frozenset):
            return tuple(sorted([self(item) for item in value], key=repr))
        if isinstance(value, dict):
            return tuple(sorted([(str(k), self(v)) for k, v in value.items()], key=repr))
        if isinstance(value, FieldFile):
            return value.name
        if isinstance(value, Promise):
            return str(value)
        if isinstance(value, Page):
            raise Unkeyable("a page of rows: give the fragment what it shows of it")
        keyed = getattr(kind, "__fragment_key__", None)
        if keyed is not None:  # a value that says itself what it shows
            return (kind.__qualname__, self(keyed(value)))
        if dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
            return (kind.__qualname__, self(vars(value)))
        raise Unkeyable(f"cannot key a {kind.__qualname__}")

    def model(self, instance: Model):
        """Its loaded fields and the attributes set on it (deferred fields are not in its
        __dict__), its related objects loaded with it, its prefetched relations."""
        if id(instance) in self.seen:  # a cycle: the instance is keyed where first met
            return ("seen", instance._meta.label, instance.pk)
        self.seen.add(id(instance))
        original = instance.__dict__.get(SHARED_ORIGINAL)
        if original is not None:
            return self.copy(instance, original)
        plain = _PLAIN
        values = [instance._meta.label]
        for name, value in instance.__dict__.items():
            if name[0] == "_":
                continue
            values.append(name)
            values.append(value if type(value) in plain else self(value))
        state = instance._state
        if state.fields_cache:
            for name, related in sorted(state.fields_cache.items()):
                values.append(name)
                values.append(None if related is None else self.model(related))
        prefetched = getattr(instance, "_prefetched_objects_cache", None)
        if prefetched:
            for name, objects in sorted(prefetched.items()):
                values.append(name)
                values.append(tuple([self(item) for item in objects]))
        return tuple(values)

    def copy(self, instance: Model, original: Model):
        """A reader's copy of an instance shared between readers (see SHARED_ORIGINAL): the
        original's key, computed once for as long as what it says of its dates holds, and
        what the reader's copy has of its own."""
        base = original.__dict__.get(_BASE_KEY)
        if base is None or base[1] <= self.now:
            base = (
                _digest(_Fingerprint(self.now).model(original)),
                next_change(original, self.now),
            )
            original.__dict__[_BASE_KEY] = base
        mine = [original._meta.label, base[0]]
        shared_state = original.__dict__
        for name, value in instance.__dict__.items():
            if name[0] != "_" and shared_state.get(name, _ABSENT) is not value:
                mine.append(name)
                mine.append(value if type(value) in _PLAIN else self(value))
        shared_related = original._state.fields_cache
        for name, related in instance._state.fields_cache.items():
            if shared_related.get(name, _ABSENT) is not related:
                mine.append(name)
                mine.append(None if related is None else self.model(related))
        shared_prefetched = shared_state.get("_prefetched_objects_cache") or {}
        for name, objects in (instance.__dict__.get("_prefetched_objects_cache") or {}).items():
            if shared_prefetched.get(name, _ABSENT) is not objects:
                mine.append(name)
                mine.append(tuple([self(item) for item in objects]))
        return tuple(mine)


def _next_boundary(value: datetime, now: datetime) -> datetime:
    """When what the humanize filters say of `value` may next change (see age_bucket): never
    later than it does."""
    seconds, whole, step = _clock(value, now)
    if seconds >= 0:
        exact = value + timedelta(seconds=step * (int(seconds // step) + 1))
        counted = value + timedelta(seconds=step * (int(whole // step) + 1) - whole + seconds)
    else:  # to come: it changes at `value`, and on the way there
        exact = value - timedelta(seconds=step * int(-seconds // step))
        counted = now + timedelta(seconds=whole - step * int(whole // step)) - timedelta(seconds=1)
    return max(now, min(exact, counted))


def next_change(values, now: datetime) -> datetime:
    """The first moment a page made from these values (a template's context) shows something
    else because of the time: the next change of what is said of any date among them (a
    relative date, a poll's closing). Walks what the fingerprint walks, plus pages and the
    results of evaluated querysets."""
    found = [now + timedelta(days=365)]
    seen: set[int] = set()

    def walk(value, depth: int) -> None:
        if depth > 8 or id(value) in seen:
            return
        kind = type(value)
        if kind is datetime:
            found.append(_next_boundary(value, now))
            return
        if kind in _PLAIN or isinstance(value, str | int | float | Promise):
            return
        seen.add(id(value))
        if isinstance(value, Model):
            for name, item in value.__dict__.items():
                if name[0] != "_":
                    walk(item, depth + 1)
            for item in value._state.fields_cache.values():
                walk(item, depth + 1)
            for items in getattr(value, "_prefetched_objects_cache", {}).values():
                walk(items, depth + 1)
        elif isinstance(value, QuerySet):
            if value._result_cache is not None:
                walk(value._result_cache, depth + 1)
        elif isinstance(value, Page):
            walk(value.object_list, depth + 1)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item, depth + 1)
        elif dataclasses.is_dataclass(value) or kind.__module__.startswith("cercle."):
            walk(vars(value) if hasattr(value, "__dict__") else {}, depth + 1)

    walk(values, 0)
    return min(found)


def _timezone_name() -> str:
    zone = timezone.get_current_timezone()
    return getattr(zone, "key", None) or str(zone)


def _digest(keyed) -> bytes:
    return hashlib.blake2b(
        pickle.dumps(keyed, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16
    ).digest()


def fingerprint(values: dict, *, now: datetime | None = None, known: dict | None = None) -> tuple:
    """The key of a fragment given these values: a short digest of each, with the active
    language and time zone.

    `known` keeps the digests of values already met, by identity, for the length of one
    page's rendering (the topic and the reader's rights are given to each of its 50 posts).
    """
    now = now or timezone.now()
    known = {} if known is None else known
    context = known.get(_CONTEXT)
    if context is None:
        context = known[_CONTEXT] = (translation.get_language(), _timezone_name())
    key = [*context]
    for name, value in sorted(values.items()):
        found = known.get(id(value))
        if found is None or found[0] is not value:
            found = known[id(value)] = (value, _digest(_Fingerprint(now)(value)))
        key.append(name)
        key.append(found[1])
    return tuple(key)


class Memo:
    """A bounded least-recently-used map, safe to share between a worker's threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> str | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple, value: str) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0


_memo: Memo | None = None


def memo() -> Memo:
    global _memo  # one memo per process, sized from the settings
    if _memo is None:
        from django.conf import settings

        _memo = Memo(getattr(settings, "FRAGMENT_MEMO_SIZE", 5000))
    return _memo
