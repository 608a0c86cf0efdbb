"""Schemathesis against the live API (OpenAPI schema from drf-spectacular), as an agent and
as a lead: whatever it sends, no 5xx, and every answer is what the schema says (status code,
content type, headers, body)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from kb.models import Announcement, Proposal
from suggest.models import Suggestion

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = int(os.environ.get("SVAR_FUZZ_EXAMPLES", "10"))
CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_headers_conformance", "response_schema_conformance"])
MAX_SECONDS = int(os.environ.get("SVAR_FUZZ_SECONDS", "240"))


@pytest.fixture
def world(agent, lead, make_entry):
    entry = make_entry("Data rollover", "Unused data rolls over one month.",
                       questions=["does unused data roll over", "rollover of data"])
    Suggestion.objects.create(agent=agent, channel="chat", public=False,
                              text="does data roll over", language="en")
    Proposal.objects.create(kind="change", entry=entry, proposed_by=agent,
                            data={"answer": "Unused data rolls over two months."})
    Announcement.objects.create(entry=entry, version=1, text="You can decide")


def run_schemathesis(base_url: str, token: str) -> tuple[int, str]:
    env = dict(os.environ, NO_COLOR="1")
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run",
        f"{base_url}/api/v1/schema/", "--url", base_url,
        "-H", f"Authorization: Token {token}",
        "--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES),
        "--phases", "examples,coverage,fuzzing", "--seed", "20261123", "--workers", "1",
        "--max-time", str(MAX_SECONDS), "--request-timeout", "30",
        "--suppress-health-check", "all", "--warnings", "off",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env,
                          timeout=MAX_SECONDS + 120)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["agent", "lead"])
def test_the_api_answers_every_input_as_its_schema_says(live_server, world, agent, lead,
                                                         role, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "public_search": "100000/min", "login": "100000/min"}}
    user = agent if role == "agent" else lead
    token = Token.objects.create(user=user).key
    code, output = run_schemathesis(live_server.url, token)
    cases = re.findall(r"(\d+) generated", output)
    summary = "\n".join(line for line in output.splitlines()[-25:] if line.strip())
    print(f"schemathesis as {role}: {cases[-1] if cases else '?'} cases\n{summary}")
    Path("var").mkdir(exist_ok=True)
    Path(f"var/schemathesis-{role}.txt").write_text(output)
    assert cases, output[-6000:]  # it ran
    # The bar is zero 5xx and zero answers the schema does not describe. A network error
    # schemathesis may report against the test server (the stdlib HTTP server dropping a
    # request line it cannot parse, before Django sees it) is not a failure of Svar.
    assert "Server error" not in output and "500 Internal" not in output, output[-6000:]
    for failure in ("Undocumented status code", "Response violates schema",
                    "Undocumented Content-Type", "Missing header", "Undocumented HTTP status"):
        assert failure not in output, output[-6000:]
    assert code == 0 or "Network Error" in output, output[-6000:]
