"""Where one suggestion's time and a web process's memory go, in-process, demo handbook.

Run after `make demo`:  .venv/bin/python bench/suggest_profile.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def memory_mb() -> dict[str, int]:
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
        key, *value = line.split()
        if key in ("Rss:", "Private_Dirty:"):
            fields[key.rstrip(":")] = int(value[0]) // 1024
    return fields


def main() -> None:
    print(f"cores: {os.cpu_count()}")
    print("start", memory_mb())
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    print("django + apps", memory_mb())
    from kb.search import service
    from suggest.analysis import analyse
    from suggest.service import suggest_reply
    from text.language_choice import detect_language

    detect_language("hei, hvordan går det?")
    print("+ language models", memory_mb())
    service.encode_query("warm up")
    print("+ embedding model", memory_mb())
    service.holder.get()
    print("+ demo index", memory_mb())

    agent = get_user_model().objects.get(username="agent")
    messages = ["Kan jeg bruke mobilen i Spania i sommer?", "Varför är min faktura så hög?",
                "hvordan aktiverer jeg esim", "Miksi laskuni on niin suuri?",
                "How do I cancel my subscription?"]
    stages = {
        "analyse": lambda m: analyse(m, public=True),
        "encode (uncached)": lambda m: service.encode_query(m),
        "search (encoding cached)": lambda m: service.search(m, audience="public"),
        "suggest_reply (encoding cached)": lambda m: suggest_reply(
            text=m, customer_name="Kari Nordmann", channel="facebook_comment", public=True,
            agent=agent),
    }
    with transaction.atomic():
        for name, run in stages.items():
            times = []
            for i in range(40):
                text = f"{messages[i % len(messages)]} {i}"
                started = time.perf_counter()
                run(text)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            print(f"{name:32} p50 {times[20]:6.1f} ms  p95 {times[37]:6.1f} ms")
        transaction.set_rollback(True)  # a measurement: store nothing


if __name__ == "__main__":
    main()
