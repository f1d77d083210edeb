"""collectstatic's compression keeps the outputs of unchanged files, redoes changed ones."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

from alliance.config.staticstorage import _UnchangedKeptCompressor


def _outputs(path: Path) -> tuple[bytes, bytes]:
    return (
        brotli.decompress(path.with_name(path.name + ".br").read_bytes()),
        gzip.decompress(path.with_name(path.name + ".gz").read_bytes()),
    )


def test_unchanged_files_keep_their_outputs_and_changed_ones_are_compressed_again(tmp_path):
    compressor = _UnchangedKeptCompressor(quiet=True)
    css = tmp_path / "site.css"
    css.write_bytes(b"body { color: black; }\n" * 200)
    written = compressor.compress(str(css))
    assert sorted(written) == [f"{css}.br", f"{css}.gz"]
    assert _outputs(css) == (css.read_bytes(), css.read_bytes())

    # Unchanged: the outputs are not written again (their old times stay).
    for output in written:
        os.utime(output, ns=(10**18, 10**18))
    assert compressor.compress(str(css)) == written
    assert [Path(p).stat().st_mtime_ns for p in written] == [10**18, 10**18]

    # Changed content, same name: both outputs are the new content's.
    css.write_bytes(b"body { color: navy; }\n" * 300)
    assert sorted(compressor.compress(str(css))) == sorted(written)
    assert _outputs(css) == (css.read_bytes(), css.read_bytes())

    # A damaged output is replaced.
    Path(f"{css}.gz").write_bytes(b"not gzip")
    compressor.compress(str(css))
    assert _outputs(css) == (css.read_bytes(), css.read_bytes())
