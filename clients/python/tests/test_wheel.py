"""build_wheel.py writes a wheel pip installs offline, with a RECORD that matches its files."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile
from pathlib import Path

import build_wheel
from vigil_client import __version__

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class WheelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = tempfile.TemporaryDirectory()
        cls.wheel = build_wheel.build(Path(cls.folder.name))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()

    def test_the_name_follows_pep_427(self) -> None:
        self.assertEqual(self.wheel.name, f"vigil_client-{__version__}-py3-none-any.whl")

    def test_record_lists_every_file_with_its_sha256_and_size(self) -> None:
        with zipfile.ZipFile(self.wheel) as archive:
            names = archive.namelist()
            info = f"vigil_client-{__version__}.dist-info"
            record = list(csv.reader(io.StringIO(archive.read(f"{info}/RECORD").decode())))
            self.assertEqual(sorted(row[0] for row in record), sorted(names))
            for name, digest, size in record:
                if name.endswith("RECORD"):
                    self.assertEqual((digest, size), ("", ""))
                    continue
                data = archive.read(name)
                expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                self.assertEqual((digest, int(size)), (expected, len(data)), name)
            sources = sorted(p.relative_to(PACKAGE_ROOT).as_posix() for p in (PACKAGE_ROOT / "vigil_client").glob("*") if p.suffix in (".py", ".typed"))
            self.assertEqual(sorted(n for n in names if n.startswith("vigil_client/")), sources)
            self.assertIn("vigil_client/py.typed", names)

    def test_metadata_comes_from_pyproject(self) -> None:
        with zipfile.ZipFile(self.wheel) as archive:
            metadata = archive.read(f"vigil_client-{__version__}.dist-info/METADATA").decode()
            wheel = archive.read(f"vigil_client-{__version__}.dist-info/WHEEL").decode()
        headers, _, description = metadata.partition("\n\n")
        self.assertIn("Name: vigil-client", headers.splitlines())
        self.assertIn(f"Version: {__version__}", headers.splitlines())
        self.assertIn("Requires-Python: >=3.9", headers.splitlines())
        self.assertIn("Classifier: Typing :: Typed", headers.splitlines())
        self.assertEqual(description, (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8"))
        self.assertIn("Root-Is-Purelib: true", wheel.splitlines())
        self.assertIn("Tag: py3-none-any", wheel.splitlines())

    def test_the_fallback_reader_agrees_with_tomllib(self) -> None:
        # project() reads with tomllib where there is one (3.11+, as in CI).
        text = (PACKAGE_ROOT / "pyproject.toml").read_text(encoding="utf-8")
        self.assertEqual(build_wheel.project_table_of(text), build_wheel.project())

    def test_the_same_sources_give_the_same_bytes(self) -> None:
        with tempfile.TemporaryDirectory() as other:
            again = build_wheel.build(Path(other))
            self.assertEqual(again.read_bytes(), self.wheel.read_bytes())

    def test_pip_installs_it_offline_and_it_imports(self) -> None:
        with tempfile.TemporaryDirectory() as target:
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", "--quiet", "--target", target, str(self.wheel)],
                check=True,
                timeout=120,
                env={**os.environ, "PIP_ROOT_USER_ACTION": "ignore"},  # CI runs as root; pip would warn
            )
            # Run from a folder without the sources, so the import can only find the installed copy.
            probe = "import vigil_client, pathlib; print(vigil_client.__version__, pathlib.Path(vigil_client.__file__).parent.joinpath('py.typed').exists(), vigil_client.__file__)"
            result = subprocess.run([sys.executable, "-c", probe], cwd=target, env={"PYTHONPATH": target}, capture_output=True, text=True, check=True, timeout=60)
            version, typed, location = result.stdout.split()
            self.assertEqual((version, typed), (__version__, "True"))
            self.assertTrue(location.startswith(target))


if __name__ == "__main__":
    unittest.main()
