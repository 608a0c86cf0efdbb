"""Evaluate retrieval on a set in the format of shared/eval/README.md, with an isolated
in-memory index built by the production search code. The application's data is untouched."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.search.evaluation import evaluate

ORDER = ["top1", "top3", "mrr10", "oos_abstained", "inscope_answered_correct",
         "handled_correctly", "answered", "answered_accuracy"]


class Command(BaseCommand):
    help = ("Print top1, top3, mrr10 (and abstain figures), the coverage/accuracy curve and "
            "the operating point for an evaluation set.")

    def add_arguments(self, parser):
        parser.add_argument("set_dir", help="Folder with handbook.jsonl and queries.jsonl.")
        parser.add_argument("--json", action="store_true", help="One JSON object, last line.")
        parser.add_argument(
            "--holdout", type=float, default=0.0, metavar="SHARE",
            help="Leave this share of the entries (0-0.9) out of the handbook; their queries "
                 "become out-of-scope ones. Measures abstaining on sets without any.")
        parser.add_argument(
            "--questions", type=int, default=None, metavar="N",
            help="Keep at most N example questions per entry (a young handbook).")
        parser.add_argument("--seed", type=int, default=0,
                            help="Which entries --holdout leaves out / --questions keeps.")
        parser.add_argument(
            "--cache", default=None, metavar="DIR",
            help="Keep the set's encodings in DIR and reuse them on the next run.")
        parser.add_argument("--threshold", type=float, default=None,
                            help="Abstain threshold (default: the production one).")

    def handle(self, *args, **options):
        folder = Path(options["set_dir"])
        for name in ("handbook.jsonl", "queries.jsonl"):
            if not (folder / name).is_file():
                raise CommandError(f"{folder} has no {name}.")
        if not 0.0 <= options["holdout"] <= 0.9:
            raise CommandError("--holdout must be between 0 and 0.9.")
        if options["questions"] is not None and options["questions"] < 0:
            raise CommandError("--questions must be 0 or more.")
        metrics = evaluate(folder, progress=True, holdout=options["holdout"],
                           seed=options["seed"], questions=options["questions"],
                           cache_dir=options["cache"], threshold=options["threshold"])
        for key in ORDER:
            if key in metrics:
                self.stdout.write(f"{key:26} {metrics[key]:.4f}")
        for key, value in metrics.items():
            if key not in ORDER and key != "curve":
                self.stdout.write(f"{key:26} {value}")
        oos = metrics.get("queries_oos")
        self.stdout.write("curve: threshold  answered  accuracy" +
                          ("  oos_abstained  handled_correctly" if oos else ""))
        for p in metrics["curve"]:
            mark = "  <- operating point" if abs(p["threshold"] -
                                                  metrics["abstain_threshold"]) < 1e-9 else ""
            extra = f"  {p['oos_abstained']:13.4f}  {p['handled_correctly']:17.4f}" \
                if oos else ""
            self.stdout.write(f"       {p['threshold']:9.2f}  {p['answered']:8.4f}  "
                              f"{p['accuracy']:8.4f}{extra}{mark}")
        if options["json"]:
            self.stdout.write(json.dumps(metrics, sort_keys=True))
