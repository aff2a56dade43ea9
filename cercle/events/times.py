"""Time zones and local times: what an animator types is a wall-clock time in a zone."""

import functools
import zoneinfo
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from cercle.lib.errors import Refused


@functools.cache
def known_zones() -> frozenset[str]:
    """The IANA names we accept (those of the tz database, "Europe/Paris", "UTC"...)."""
    return frozenset(zoneinfo.available_timezones())


def sorted_zones() -> list[str]:
    return sorted(known_zones())


def zone(name: str) -> ZoneInfo:
    """The zone of this IANA name, or Refused with a message for the person."""
    name = (name or "").strip()
    if not name:
        raise Refused(_("Choose the time zone of the event, such as Europe/Paris."))
    if name not in known_zones():
        raise Refused(
            _(
                "“%(zone)s” is not a time zone we know. Choose one from the list, written "
                "as Continent/City, such as Europe/Paris or America/Montreal."
            )
            % {"zone": name[:64]}
        )
    return ZoneInfo(name)


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A naive wall-clock time in `tz`: an aware moment is converted, a naive one kept."""
    if moment.tzinfo is not None:
        return moment.astimezone(tz).replace(tzinfo=None)
    return moment


def localise(local: datetime, tz: ZoneInfo) -> datetime:
    """The instant of a wall-clock time in `tz`; Refused when the clocks skip that time."""
    aware = local.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != local:
        raise Refused(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward that night. "
                "Choose another time."
            )
            % {"time": local.strftime("%Y-%m-%d %H:%M"), "zone": tz.key}
        )
    return aware.astimezone(UTC)


def shift_to_existing(local: datetime, tz: ZoneInfo) -> datetime:
    """For a series: an occurrence that falls in the hour the clocks skip is held an hour
    later, as calendar applications do, rather than refused."""
    return local.replace(tzinfo=tz).astimezone(UTC)
