#!/usr/bin/env python3
"""Builds the client's wheel with the standard library alone: ``python3 build_wheel.py [--out DIR]``.

``pip install ./clients/python`` needs a package index (build isolation fetches setuptools) or the
``wheel`` package; on a machine with neither, this writes the same thing pip would install: a zip
of the package with ``METADATA``, ``WHEEL`` and ``RECORD`` (PEP 427 and 376), its metadata read
from ``pyproject.toml``. Entries carry a fixed date, so the same sources give the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import base64
import hashlib
import re
import sys
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
PACKAGE = "vigil_client"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say; any fixed date makes builds repeatable


def project() -> Dict[str, Any]:
    """pyproject.toml's [project] table: by tomllib on 3.11+, else by project_table_of."""
    text = (HERE / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # pyright: ignore[reportMissingTypeStubs] - 3.11+
    except ImportError:
        return project_table_of(text)
    table: Dict[str, Any] = tomllib.loads(text)["project"]
    return table


def project_table_of(text: str) -> Dict[str, Any]:
    """The [project] table for Pythons without tomllib. It holds only strings and arrays of
    strings, which read the same as Python literals (tests compare this with tomllib)."""
    table: Dict[str, Any] = {}
    section = ""
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and stripped.startswith("["):
            section = stripped
            continue
        if section != "[project]" or not (stripped or pending) or stripped.startswith("#"):
            continue
        pending += line + "\n"
        key, _, value = pending.partition("=")
        if value.count("[") > value.count("]"):
            continue  # an array that goes on over the next lines
        table[key.strip()] = ast.literal_eval(value.strip())
        pending = ""
    return table


def version() -> str:
    text = (HERE / PACKAGE / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise SystemExit(f"no __version__ in {PACKAGE}/_version.py")
    return match.group(1)


def metadata(meta: Dict[str, Any], release: str) -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {meta['name']}",
        f"Version: {release}",
        f"Summary: {meta['description']}",
        f"Requires-Python: {meta['requires-python']}",
    ]
    if meta.get("keywords"):
        lines.append(f"Keywords: {','.join(meta['keywords'])}")
    lines += [f"Classifier: {c}" for c in meta.get("classifiers", [])]
    lines += [f"Requires-Dist: {d}" for d in meta.get("dependencies", [])]
    lines.append("Description-Content-Type: text/markdown")
    readme = (HERE / meta["readme"]).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n\n" + readme


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}"


def package_files() -> List[Tuple[str, bytes]]:
    files = sorted(p for p in (HERE / PACKAGE).rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".typed"))
    return [(p.relative_to(HERE).as_posix(), p.read_bytes()) for p in files]


def build(out: Path) -> Path:
    meta = project()
    release = version()
    # PEP 427: the distribution name in the file name with runs of -_. as one underscore.
    dist = re.sub(r"[-_.]+", "_", meta["name"])
    info = f"{dist}-{release}.dist-info"
    wheel_meta = f"Wheel-Version: 1.0\nGenerator: vigil build_wheel.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = package_files() + [
        (f"{info}/METADATA", metadata(meta, release).encode("utf-8")),
        (f"{info}/WHEEL", wheel_meta.encode("utf-8")),
        (f"{info}/top_level.txt", f"{PACKAGE}\n".encode("utf-8")),
    ]
    record = "\n".join([record_line(name, data) for name, data in entries] + [f"{info}/RECORD,,"]) + "\n"
    entries.append((f"{info}/RECORD", record.encode("utf-8")))

    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{dist}-{release}-py3-none-any.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, FIXED_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return target


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "dist", help="folder for the wheel (default: dist/ beside this script)")
    args = parser.parse_args(argv)
    print(build(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
