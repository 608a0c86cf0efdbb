"""Engines over every dense space, built the way the index builds them (tests' helper)."""

from kb.search.engine import Doc, Engine


def engine_of(docs: list[Doc], encoders: dict) -> Engine:
    texts = [d.text for d in docs]
    return Engine.build(docs, {s: e.encode(texts, bulk=True) for s, e in encoders.items()})


def query_vectors(encoders: dict, text: str) -> dict:
    return {s: e.encode([text])[0] for s, e in encoders.items()}
