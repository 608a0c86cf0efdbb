"""Print the drafts Svar gives for a few realistic messages, against the demo handbook.

Run after `make demo`:  .venv/bin/python bench/sample_drafts.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_django()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from suggest.service import suggest_reply  # noqa: E402

MESSAGES = [
    ("Kari Nordmann", "facebook_comment", True,
     "Hei! Skal til Spania i sommer, koster det noe ekstra å bruke mobilen der?"),
    ("@anna_lindqvist", "x_reply", True,
     "@Fjordtel varför är min faktura 300 kr högre den här månaden?? Ring mig 070-123 45 67"),
    ("Mads Jensen", "instagram_dm", False,
     "Hej, jeg har mistet min telefon i går aftes. Hvad gør jeg nu?"),
    ("Mikko Virtanen", "facebook_message", False,
     "Moi, miten aktivoin eSIMin uuteen puhelimeen?"),
    ("John Smith", "x_reply", True,
     "Third outage this week. Absolutely useless, I'm switching to another provider!"),
    ("Ola", "chat", False, "Do you sell garden furniture?"),
]


def main() -> None:
    agent = get_user_model().objects.get(username="agent")
    with transaction.atomic():
        for name, channel, public, text in MESSAGES:
            outcome = suggest_reply(text=text, customer_name=name, channel=channel,
                                    public=public, agent=agent)
            s = outcome.suggestion
            a = outcome.analysis.as_json()
            print(f"\n### {channel} ({'public' if public else 'private'}), {name}: {text}")
            print(f"language={s.language} tone={a['tone']} escalating={a['escalating']} "
                  f"personal_data={[p['kind'] for p in a['personal_data']]} "
                  f"move_private={a['move_private_reasons']} abstained={s.abstained} "
                  f"confidence={s.confidence:.2f}")
            for i, d in enumerate(s.drafts, 1):
                entry = d["entry"] or {}
                print(f"--- draft {i} [{d['framing']}] cites {entry.get('title')!r} "
                      f"v{entry.get('version')} warnings={d['warnings']} "
                      f"({len(d['text'])} chars)")
                print(d["text"])
            if not s.drafts:
                print("No decided answer yet; nearest:", [n["title"] for n in s.nearest])
        transaction.set_rollback(True)  # a demonstration: store nothing


if __name__ == "__main__":
    main()
