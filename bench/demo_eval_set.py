#!/usr/bin/env python
"""Write an evaluation set (shared/eval format) from the demo handbook, in all six languages.

The shared sets hold Nordic text only in swefaq, which has no example questions and no
out-of-scope queries. This set takes --per-entry example questions of every demo entry out
of the handbook and uses them as queries (a customer's wording the handbook has not seen);
`kb_eval --holdout` then leaves whole entries out, so their questions test abstaining.

    .venv/bin/python bench/demo_eval_set.py /tmp/demo-eval
    .venv/bin/python manage.py kb_eval /tmp/demo-eval --holdout 0.3 --seed 1
"""

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--per-entry", type=int, default=2,
                        help="example questions per entry used as queries (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    handbook, queries = [], []
    held_positions: dict[str, set[int]] = {}  # per translation group: the same questions
    for entry in common.demo_entries():
        entry_id = entry["key"]
        questions = list(entry.get("questions", []))
        # Translations list their questions in the same order: holding out the same
        # positions in every language keeps a query's translations out of the handbook too.
        group = entry.get("group") or entry_id
        if group not in held_positions:
            held_positions[group] = set(rng.sample(range(len(questions)), args.per_entry))
        held_at = {i for i in held_positions[group] if i < len(questions)}
        if len(questions) - len(held_at) < 2:
            held_at = set()
        handbook.append({"id": entry_id, "title": entry["title"], "answer": entry["answer"],
                         "questions": [q for i, q in enumerate(questions) if i not in held_at],
                         "language": entry["language"]})
        queries += [{"text": questions[i], "expected": entry_id, "language": entry["language"]}
                    for i in sorted(held_at)]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in (("handbook", handbook), ("queries", queries)):
        with (args.out_dir / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    print(f"{len(handbook)} entries, {len(queries)} queries -> {args.out_dir}")


if __name__ == "__main__":
    main()
