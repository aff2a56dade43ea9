from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from cercle.accounts.forms import PreferencesForm


@login_required
def preferences(request):
    user = request.user
    form = PreferencesForm(
        request.POST or None, initial={"name": user.name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        user.name = form.cleaned_data["name"].strip()
        user.language = form.cleaned_data["language"]
        user.save(update_fields=["name", "language"])
        response = redirect("accounts:preferences")
        if user.language:
            translation.activate(user.language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                samesite="Lax",
                max_age=365 * 24 * 3600,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        messages.success(request, _("Your preferences are saved."))
        return response
    return render(request, "accounts/preferences.html", {"form": form})
