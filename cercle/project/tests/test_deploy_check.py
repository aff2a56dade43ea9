"""`cercle check --deploy` passes with the production environment the README documents."""

import os
import subprocess
import sys


def _production_env(tmp_path) -> dict[str, str]:
    """The variables the README lists for production, and nothing from the developer's shell
    that could change the outcome."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "SECURE_", "SITE_", "ALLOWED_", "CSRF_", "CERCLE_"))
    }
    return inherited | {
        "SECRET_KEY": "k7#v9-production-secret-that-is-long-and-random-0123456789abcdefXYZ",
        "SITE_URL": "https://cercle.example.org",
        "ALLOWED_HOSTS": "cercle.example.org",
        "CERCLE_DATA_DIR": str(tmp_path),
    }


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cercle", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _check_deploy(_production_env(tmp_path))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output


def test_check_deploy_warns_when_the_site_is_not_https(tmp_path):
    # The same environment without an https SITE_URL: the check must see what is missing.
    result = _check_deploy(_production_env(tmp_path) | {"SITE_URL": "http://cercle.example.org"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output
