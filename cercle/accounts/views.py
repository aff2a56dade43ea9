from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cercle.accounts import sessions
from cercle.accounts.forms import PreferencesForm
from cercle.accounts.models import LoginSession


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


@login_required
def session_list(request):
    current = sessions.current_session_id(request)
    rows = [
        {
            "session": row,
            "device": sessions.describe_device(row.user_agent),
            "current": row.pk == current,
        }
        for row in sessions.active_sessions(request.user)
    ]
    return render(request, "accounts/sessions.html", {"rows": rows})


@login_required
@require_POST
def session_end(request, session_id: int):
    row = get_object_or_404(LoginSession, pk=session_id, user=request.user)
    is_current = row.pk == sessions.current_session_id(request)
    sessions.end_session(row)
    if is_current:
        return redirect("home")
    messages.success(request, _("That session is ended: the browser is logged out."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    count = sessions.end_other_sessions(request.user, keep_id=sessions.current_session_id(request))
    messages.success(
        request,
        ngettext("%(count)d other session ended.", "%(count)d other sessions ended.", count)
        % {"count": count},
    )
    return redirect("accounts:sessions")
