"""How well Svar abstains on short Nordic messages the demo handbook does not answer.

The evaluation sets have out-of-scope queries only in English (CLINC150); this prints the
decision for hand-written out-of-scope and in-scope messages in all six languages.
Run after `make demo`:  .venv/bin/python bench/nordic_abstain.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

common.setup_django()

from kb.search import service  # noqa: E402
from text.language_choice import detect_language  # noqa: E402

OUT_OF_SCOPE = [
    "kan jeg ta med hunden i butikken", "selger dere hagemøbler?", "hvor er nærmeste butikk",
    "kan jag ta med hunden in i butiken", "säljer ni trädgårdsmöbler", "har I hundemad",
    "myyttekö puutarhakalusteita", "can I bring my dog to the store",
    "who won the football match yesterday", "hvem vant fotballkampen i går",
    "vem vann matchen igår", "jeg vil gerne bestille en pizza", "haluan tilata pizzan",
    "hva koster en iphone 16 hos dere", "er det parkering ved butikken deres",
]
IN_SCOPE = [
    "koster det ekstra å ringe fra spania", "min faktura är för hög",
    "hvordan aktiverer jeg esim", "miten aktivoin esimin", "I lost my phone",
    "mitt kort debiterades två gånger", "jeg vil si opp abonnementet", "hvad er min puk kode",
    "datan är slut, varför är det så segt", "kan jeg flytte nummeret mitt til dere",
]


def main() -> None:
    counts = {"oos_abstained": 0, "inscope_answered": 0}
    for label, queries in (("out-of-scope", OUT_OF_SCOPE), ("in-scope", IN_SCOPE)):
        for q in queries:
            lang = detect_language(q)
            r = service.search(q, language=lang, audience=service.PUBLIC)
            top = r.hits[0].entry.title if r.hits else "-"
            print(f"{label:12} {lang} {r.confidence:.2f} "
                  f"{'abstain' if r.abstained else 'answer '} {q!r} -> {top}")
            if label == "out-of-scope" and r.abstained:
                counts["oos_abstained"] += 1
            if label == "in-scope" and not r.abstained:
                counts["inscope_answered"] += 1
    print(f"out-of-scope abstained: {counts['oos_abstained']}/{len(OUT_OF_SCOPE)}; "
          f"in-scope answered: {counts['inscope_answered']}/{len(IN_SCOPE)} "
          f"(threshold {service.abstain_threshold()})")


if __name__ == "__main__":
    main()
