#!/usr/bin/env python
"""Draft quality end to end, in one command: the share of messages an agent could send after
a glance (../shared/tools/draft_check.py) against a fresh Svar.

What it does: a fresh scratch database (SQLite under /tmp/svar-bench/, or PostgreSQL with
--database postgres://…/svar_x, dropped and recreated), `migrate`, `kb_import HANDBOOK
--publish` (the "group" key becomes the entries' translation group), every other entry
retired, `kb_rebuild_index`, the brand (its home language: the handbook's most common language, the
first on a tie), an agent with a token, gunicorn on --port, then the checker.
Prints the checker's output; exits with its code (0 when the share meets TARGET, 0.9).

    .venv/bin/python bench/draft_check.py [--handbook H.jsonl] [--cases C.jsonl]
        [--database URL] [--port 8101] [--checker ../shared/tools/draft_check.py]

`make draft-check` runs it with the shared development set.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

# ../shared beside the checkout (/work/main) or beside the worktrees' folder (/work/wt/x).
SHARED = Path(os.environ.get("SVAR_SHARED") or next(
    (p / "shared" for p in common.ROOT.parents if (p / "shared" / "tools").is_dir()),
    common.ROOT.parent / "shared"))
DEFAULT_HANDBOOK = SHARED / "eval" / "drafts" / "handbook.jsonl"
DEFAULT_CASES = SHARED / "eval" / "drafts" / "cases.jsonl"
DEFAULT_CHECKER = SHARED / "tools" / "draft_check.py"
AGENT_FIRST_NAME = "Ingrid"
BRAND = "Fjordlinja"


def fresh_database(url: str | None, port: int) -> str:
    if not url:
        common.SCRATCH.mkdir(parents=True, exist_ok=True)
        path = common.SCRATCH / f"draft-check-{port}.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, _, name = url.rstrip("/").rpartition("/")
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def prepare(handbook: Path) -> None:
    """In a Django process on DATABASE_URL: translation groups from the file, others retired,
    the brand, an agent with a token (printed as JSON)."""
    common.setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from kb.models import BrandVoice, Entry
    from kb.roles import AGENTS, ensure_roles

    groups, languages = {}, Counter()
    for line in handbook.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            groups[str(item["id"])] = item.get("group") or ""
            languages[item["language"]] += 1
    for key, group in groups.items():
        if group:
            Entry.objects.filter(external_key=key).update(translation_group=group)
    Entry.objects.exclude(external_key__in=list(groups)).update(status=Entry.Status.RETIRED)
    voice = BrandVoice.current()
    voice.brand = BRAND
    # The brand's own language: the handbook's most common one (the first on a tie).
    voice.home_language = languages.most_common(1)[0][0]
    voice.save()
    ensure_roles()
    user, _ = get_user_model().objects.get_or_create(
        username="draft-check-agent", defaults={"first_name": AGENT_FIRST_NAME})
    user.groups.add(Group.objects.get(name=AGENTS))
    token, _ = Token.objects.get_or_create(user=user)
    print(json.dumps({"token": token.key, "agent": user.first_name}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--handbook", type=Path, default=DEFAULT_HANDBOOK)
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--database", default=os.environ.get("DRAFT_CHECK_DATABASE_URL"),
                        help="PostgreSQL URL to drop and recreate (default: scratch SQLite)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8101")))
    parser.add_argument("--checker", type=Path, default=DEFAULT_CHECKER)
    parser.add_argument("--samples", type=Path,
                        help="also print the drafts for these messages (JSON Lines like the "
                             "cases), e.g. bench/draft_samples.jsonl")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return 0

    url = fresh_database(args.database, args.port)
    env = common.django_env(url)
    py = sys.executable
    common.run([py, "manage.py", "migrate", "--noinput", "-v0"], env)
    common.run([py, "manage.py", "kb_import", str(args.handbook), "--publish"], env)
    info = json.loads(common.run([py, __file__, "--prepare", str(args.handbook)],
                                 env).strip().splitlines()[-1])
    common.run([py, "manage.py", "kb_rebuild_index"], env)
    with _server_on(url, args.port) as server:
        server.wait_ready()
        checker_env = dict(os.environ, BASE=server.base, TOKEN=info["token"],
                           AGENT=info["agent"])
        result = subprocess.run([py, str(args.checker), str(args.handbook), str(args.cases)],
                                env=checker_env, check=False)
        if args.samples:
            print_samples(server.base, info["token"], args.samples)
    return result.returncode


def print_samples(base: str, token: str, path: Path) -> None:
    """Each message and its drafts as the API returned them, for reading."""
    client = common.Client(base, token)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        body = {k: case[k] for k in ("text", "customer_name", "channel", "public")}
        status, raw = client.request("POST", "/api/v1/suggestions/", body)
        r = json.loads(raw)
        a = r.get("analysis", {})
        print(f"\n#### {case['language']} · {case['channel']} "
              f"({'public' if case['public'] else 'private'}) · {case['customer_name']}: "
              f"{case['text']}")
        print(f"HTTP {status}; language {r.get('language')} "
              f"({a.get('language_confidence')}), tone {a.get('tone')}, move_private "
              f"{a.get('move_private')}, abstained {r.get('abstained')}")
        for i, d in enumerate(r.get("drafts") or [], 1):
            entry = (d.get("entry") or {}).get("title")
            print(f"\n[{i}: {d['framing']}, entry {entry!r}, warnings {d['warnings']}]")
            print(d["text"])
        if not r.get("drafts"):
            print(r.get("message"), "nearest:", [n["title"] for n in r.get("nearest", [])])
    client.close()


def _server_on(url: str, port: int) -> common.Server:
    """common.Server on the port this helper was given (it picks a free one otherwise)."""
    original = common.free_port
    common.free_port = lambda: port
    try:
        return common.Server(url, workers=1)
    finally:
        common.free_port = original


if __name__ == "__main__":
    sys.exit(main())
