from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Keep the visitor on the invitation or community they came for.
        nxt = request.session.pop("after_login", None)
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
            return nxt
        return super().get_login_redirect_url(request)

    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL
