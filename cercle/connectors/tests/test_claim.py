"""The people of an imported archive appear under their name, cannot log in, and make their
account theirs by confirming their address: a link mailed through a real SMTP server."""

import re

import pytest
from allauth.account.models import EmailAddress

from cercle.accounts.models import User
from cercle.communities.models import Membership
from cercle.connectors.importing import run_import
from cercle.connectors.models import IdentityMerge, SourceIdentity
from cercle.discussions.models import Post

from .archives import message, write_mbox

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river 7"


@pytest.fixture
def imported(tmp_path, community):
    path = write_mbox(
        tmp_path / "list.mbox",
        message("a@x", sender="Jo Martin <Jo@Example.org>", body="Who uses the calendar?"),
        message("b@x", days=1, sender="Sam <sam@example.org>", in_reply_to="a@x", body="We do."),
        message("c@x", days=2, sender="jo at example.org (Jo Martin)", in_reply_to="b@x"),
    )
    run_import("mbox", [path], community=community)
    return SourceIdentity.objects.get(community=community, key="jo@example.org").user


def claim_link(smtp_inbox, address: str) -> str:
    [mail] = smtp_inbox.to(address)
    return re.search(r"(/claim/\S+/)", smtp_inbox.text(mail)).group(1)


def test_an_imported_person_appears_by_name_and_cannot_log_in(client, imported, community):
    assert imported.name == "Jo Martin"
    assert imported.is_unclaimed
    assert not imported.has_usable_password()
    assert imported.email.endswith(".invalid")  # their real address stays free
    assert Post.objects.filter(author=imported).count() == 2
    assert Membership.objects.get(community=community, user=imported).is_active
    for login in ("jo@example.org", imported.email):
        response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 200  # the form again, with its error
        assert "_auth_user_id" not in client.session


def test_claim_my_account_through_the_mail(client, imported, smtp_inbox):
    response = client.post("/claim/", {"email": "JO@example.org"})
    assert "Look in your mailbox" in response.content.decode()
    link = claim_link(smtp_inbox, "jo@example.org")

    page = client.get(link)  # a mail scanner following the link claims nothing
    assert "Jo Martin" in page.content.decode()
    assert User.objects.get(pk=imported.pk).is_unclaimed

    response = client.post(
        link, {"name": "Jo Martin", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    account = User.objects.get(pk=imported.pk)
    assert account.email == "jo@example.org"
    assert account.claimed_at is not None
    assert not account.is_unclaimed
    assert EmailAddress.objects.get(user=account).verified
    assert Post.objects.filter(author=account).count() == 2  # their history is theirs
    assert client.session["_auth_user_id"] == str(account.pk)

    client.logout()
    client.post("/accounts/login/", {"login": "jo@example.org", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(account.pk)

    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "Nothing is left to claim" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, imported, smtp_inbox):
    response = client.post("/claim/", {"email": "someone@example.net"})
    assert "Look in your mailbox" in response.content.decode()
    assert smtp_inbox.messages == []


def test_claim_into_the_account_i_use(client, imported, smtp_inbox, charlie, community):
    client.force_login(charlie)
    client.post("/claim/", {"email": "jo@example.org"})
    link = claim_link(smtp_inbox, "jo@example.org")
    assert "Add them to my account" in client.get(link).content.decode()
    client.post(link)
    assert Post.objects.filter(author=charlie).count() == 2
    assert Membership.objects.get(community=community, user=charlie).is_active
    assert SourceIdentity.objects.get(key="jo@example.org").user == charlie
    merge = IdentityMerge.objects.get(from_user=imported)
    assert merge.is_claim
    assert not User.objects.get(pk=imported.pk).is_active


def test_an_address_with_an_account_logs_in_first(client, imported, smtp_inbox, make_user):
    jo = make_user("Jo Martin", "jo@example.org")  # signed up before the import: not merged
    assert Post.objects.filter(author=jo).count() == 0
    client.post("/claim/", {"email": "jo@example.org"})
    link = claim_link(smtp_inbox, "jo@example.org")
    page = client.get(link).content.decode()
    assert "log in" in page.lower()
    assert "/accounts/login/?next=" in page
    client.force_login(jo)
    client.post(link)
    assert Post.objects.filter(author=jo).count() == 2


def test_a_forged_link(client, imported):
    response = client.get("/claim/eyJlbWFpbCI6ImpvQGV4YW1wbGUub3JnIn0:1abc:forged/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
