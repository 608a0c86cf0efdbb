"""The first suggestion after `make run` waited 30+ s for the model and the index (issue 15,
finding 17): a serving process warms itself at start, other processes never do."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kb.search import warm
from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("argv", "child", "serves"), [
    (["manage.py", "runserver"], True, True),
    (["manage.py", "runserver", "--noreload"], False, True),
    (["manage.py", "runserver"], False, False),  # the autoreloader's parent serves nothing
    (["manage.py", "migrate"], True, False),
    (["manage.py", "kb_rebuild_index"], False, False),
    (["pytest", "-q"], False, False),
])
def test_only_the_serving_process_warms(argv, child, serves):
    assert warm.serves_with_runserver(argv, child) is serves


def test_runserver_has_the_model_loaded_before_the_first_request(tmp_path):
    port = free_port()
    env = {**os.environ, "SVAR_DATA_DIR": str(tmp_path), "SVAR_READY_TOKEN": "probe",
           "DJANGO_SETTINGS_MODULE": "project.settings", "HF_HUB_OFFLINE": "1"}
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload",
                             f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 150
        loaded = False
        while time.monotonic() < deadline and not loaded:
            time.sleep(1)
            try:
                body = requests.get(f"http://127.0.0.1:{port}/ready/", timeout=5,
                                    headers={"X-Svar-Ready-Token": "probe"}).json()
            except requests.RequestException:
                continue
            loaded = body.get("model_loaded") is True
        assert loaded, "the model was not loaded without a request"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
