"""The production settings pass Django's deployment checklist, and refuse to start without
a real secret key."""

import os
import secrets
import string
import subprocess

from tests.services import ROOT, manage_py


def run_check(**env_overrides):
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; production never has it.
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DJANGO_SETTINGS_MODULE="project.settings_production", ALLOWED_HOSTS="svar.example",
               HF_HUB_OFFLINE="1", **env_overrides)
    return subprocess.run(manage_py("check", "--deploy", "--fail-level", "WARNING"), cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_a_real_secret_key():
    alphabet = string.ascii_letters + string.digits + string.punctuation.replace("'", "")
    key = "".join(secrets.choice(alphabet) for _ in range(60))
    result = run_check(SECRET_KEY=key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
