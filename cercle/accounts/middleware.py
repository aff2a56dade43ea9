from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Apply the language saved in a member's preferences.

    Order of precedence: the language chosen on this browser (the switch in the menu sets a
    cookie), then the member's saved preference, then the browser's Accept-Language (handled by
    LocaleMiddleware before this one).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
