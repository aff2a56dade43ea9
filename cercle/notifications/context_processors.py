"""The bell in the header: how many unread notifications the person has."""

from functools import cached_property

from cercle.notifications import selectors


class Bell:
    """Counted on first use only (one query), so pages and partials that do not show the bell
    pay nothing."""

    def __init__(self, request) -> None:
        self._request = request

    @cached_property
    def unread(self) -> int:
        user = getattr(self._request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return selectors.unread_count(user)

    def __fragment_key__(self) -> int:
        """All the bell shows (cercle.lib.fragments): the header is memoised on it."""
        return self.unread

    @property
    def shown(self) -> str:
        return f"{selectors.BELL_CAP}+" if self.unread > selectors.BELL_CAP else str(self.unread)


def bell(request) -> dict:
    return {"bell": Bell(request)}
