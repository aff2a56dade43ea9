"""French first, English too: the language follows the browser and can be chosen."""

from django.test import Client


def test_pages_are_in_french_by_default_and_in_english_for_english_browsers(db, settings):
    settings.LANGUAGE_CODE = "fr"
    french = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").get("/")
    assert '<html lang="fr"' in french.text
    assert "Se connecter" in french.text
    assert "Créer un compte" in french.text

    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").get("/")
    assert '<html lang="en"' in english.text
    assert "Log in" in english.text


def test_a_language_the_site_does_not_offer_falls_back_to_french(db, settings):
    settings.LANGUAGE_CODE = "fr"
    page = Client(HTTP_ACCEPT_LANGUAGE="de-DE").get("/")
    assert '<html lang="fr"' in page.text


def test_the_language_saved_in_preferences_follows_the_member(client, alice, settings):
    settings.LANGUAGE_CODE = "fr"
    client.force_login(alice)
    client.post("/me/preferences/", {"name": alice.name, "language": "en"})
    # Another browser, which asks for French: the member's choice wins.
    other = Client(HTTP_ACCEPT_LANGUAGE="fr-FR")
    other.force_login(alice)
    assert '<html lang="en"' in other.get("/").text
