#!/usr/bin/env python3
"""Take the screenshots of the help pages: the real pages, as a demo member sees them.

    .venv/bin/python scripts/help_screenshots.py

Builds the demo in a throw-away data directory (`cercle migrate`, `cercle demo`), serves it
(`cercle serve --no-worker`), logs in as the demo's member with Playwright driving Debian's
Chromium (/usr/bin/chromium, or CERCLE_CHROMIUM), and saves one PNG per page and language in
cercle/static/cercle/help/<fr|en>/, which the help templates show
(cercle/templates/onboarding/help/). Run it again after changing a page they show, and commit
the pictures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "cercle" / "static" / "cercle" / "help"
CHROMIUM = os.environ.get("CERCLE_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 1100, "height": 720}
SLUG = "dirigeants-pme"  # a community the demo's member belongs to, with every feature


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cercle(env: dict, *args: str, **kwargs) -> subprocess.Popen | None:
    command = [sys.executable, "-m", "cercle", *args]
    if kwargs.pop("background", False):
        return subprocess.Popen(command, env=env, cwd=REPO, **kwargs)  # noqa: S603 - our own command
    subprocess.run(command, env=env, cwd=REPO, check=True, **kwargs)  # noqa: S603
    return None


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"The server did not start on port {port}.")


def _targets(data_dir: Path) -> dict[str, str]:
    """The pages to show, read from the demo's database."""
    os.environ["CERCLE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cercle.project.settings")
    import django

    django.setup()
    from django.db.models import Count
    from django.utils import timezone

    from cercle.discussions.models import Topic
    from cercle.events.models import Event, EventStatus

    topic = (
        Topic.objects.filter(community__slug=SLUG, kind="question", deleted_at=None, closed_at=None)
        .annotate(n=Count("posts"))
        .filter(n__gte=3, n__lte=5)
        .order_by("-last_post_at")
        .first()
    )
    event = (
        Event.objects.filter(
            community__slug=SLUG, status=EventStatus.SCHEDULED, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    return {
        "community": f"/c/{SLUG}/",
        "discussions": f"/c/{SLUG}/discussions/",
        "first-steps": f"/c/{SLUG}/first-steps/",
        "reply": f"/c/{SLUG}/t/{topic.pk}/",
        "notifications": "/me/notifications/",
        "digests": "/me/email/",
        "event": f"/c/{SLUG}/events/{event.pk}/" if event else f"/c/{SLUG}/events/",
        "profile": "/me/profile/",
    }


def _shoot(page, name: str, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if name == "reply":
        # The box to write in, and the buttons under it.
        page.locator("#reply").screenshot(path=str(path))
        return
    if name == "event":
        answer = page.locator("#answer")
        if answer.count():
            answer.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -260)")
    elif name == "notifications":
        page.evaluate("window.scrollBy(0, 120)")
    page.screenshot(path=str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="Reuse this data directory (with the demo loaded).")
    parser.add_argument("--keep", action="store_true", help="Keep the throw-away data directory.")
    args = parser.parse_args()

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="cercle-help-"))
    env = {**os.environ, "CERCLE_DATA_DIR": str(data_dir), "CERCLE_TASKS_BACKEND": "immediate"}
    env.pop("DATABASE_URL", None)
    if not args.data_dir:
        _cercle(env, "migrate", "--noinput", "--verbosity", "0")
        _cercle(env, "demo", stdout=subprocess.DEVNULL)
    port = _free_port()
    server = _cercle(
        env, "serve", "--no-worker", "--port", str(port), "--workers", "2", background=True
    )
    try:
        _wait_for(port)
        targets = _targets(data_dir)
        from playwright.sync_api import sync_playwright

        from cercle.demo import data

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            for lang in ("fr", "en"):
                folder = OUT / lang
                folder.mkdir(parents=True, exist_ok=True)
                context = browser.new_context(
                    base_url=f"http://127.0.0.1:{port}", viewport=VIEWPORT, locale=lang
                )
                context.add_cookies(
                    [{"name": "django_language", "value": lang, "url": f"http://127.0.0.1:{port}"}]
                )
                page = context.new_page()
                page.goto("/accounts/login/")
                page.fill("input[name=login]", data.MEMBER_EMAIL)
                page.fill("input[name=password]", data.DEMO_PASSWORD)
                page.locator("form button[type=submit]").last.click()
                page.wait_for_load_state("networkidle")
                for name, url in targets.items():
                    _shoot(page, name, url, folder / f"{name}.png")
                    print(f"{lang}/{name}.png  {url}")
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.data_dir and not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
