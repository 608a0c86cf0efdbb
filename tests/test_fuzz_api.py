"""Schemathesis against the live API (OpenAPI schema from drf-spectacular), as an agent, as
a lead and anonymously, with all its checks: whatever it sends, no 5xx; every answer is what
the schema says (status code, content type, headers, body); and the API accepts exactly the
input the schema calls valid (a schema-valid request is not refused with a 400, a
schema-violating one is not accepted) — so the schema can be trusted to write a client."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kb.models import Announcement, Proposal
from suggest.models import Suggestion

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = int(os.environ.get("SVAR_FUZZ_EXAMPLES", "5"))
MAX_SECONDS = int(os.environ.get("SVAR_FUZZ_SECONDS", "180"))
# The test server is one process on a shared machine: schemathesis' default 10 s response
# limit would measure the machine, not the API (docs/performance.md has the latency figures).
MAX_RESPONSE_SECONDS = os.environ.get("SVAR_FUZZ_RESPONSE_SECONDS", "30")


@pytest.fixture
def world(agent, lead, make_entry):
    entry = make_entry("Data rollover", "Unused data rolls over one month.",
                       questions=["does unused data roll over", "rollover of data"])
    Suggestion.objects.create(agent=agent, channel="chat", public=False,
                              text="does data roll over", language="en")
    Proposal.objects.create(kind="change", entry=entry, proposed_by=agent,
                            data={"answer": "Unused data rolls over two months."})
    Announcement.objects.create(entry=entry, version=1, text="You can decide")


def run_schemathesis(base_url: str, token: str | None, schema: str) -> tuple[int, str]:
    env = dict(os.environ, NO_COLOR="1")
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "run", schema, "--url", base_url,
        *(["-H", f"Authorization: Token {token}"] if token else []),
        "--checks", "all", "--max-response-time", MAX_RESPONSE_SECONDS,
        "--max-examples", str(MAX_EXAMPLES),
        "--phases", "examples,coverage,fuzzing,stateful", "--seed", "20261123",
        "--workers", "1", "--max-time", str(MAX_SECONDS), "--request-timeout", "30",
        "--suppress-health-check", "all", "--warnings", "off",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env,
                          timeout=MAX_SECONDS + 120)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.fuzz
@pytest.mark.parametrize("role", ["agent", "lead", "anonymous"])
def test_the_api_answers_every_input_as_its_schema_says(live_server, world, agent, lead,
                                                         role, settings, tmp_path):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "public_search": "100000/min", "login": "100000/min"}}
    schema = f"{live_server.url}/api/v1/schema/"
    token = None
    if role == "anonymous":
        # The schema itself is for signed-in users; anonymous requests use a saved copy.
        client = APIClient()
        client.force_authenticate(lead)
        schema = str(tmp_path / "schema.yaml")
        Path(schema).write_bytes(client.get("/api/v1/schema/").content)
    else:
        token = Token.objects.create(user=agent if role == "agent" else lead).key
    code, output = run_schemathesis(live_server.url, token, schema)
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
                    "Undocumented Content-Type", "Missing header", "Undocumented HTTP status",
                    "Schema-valid request rejected", "Schema-violating request accepted",
                    "Response time limit exceeded"):
        assert failure not in output, output[-6000:]
    assert "\nFailures:" not in output, output[-6000:]  # nor any other check's failure
    assert code == 0 or "Network Error" in output, output[-6000:]
