"""Static files storage: whitenoise's compressed manifest storage, compressing only the
files whose content changed since the last ``collectstatic``.

``alliance serve`` runs ``collectstatic`` at every start. whitenoise compresses every
file again each time (Brotli at its highest quality and gzip -9): about 15 CPU-seconds
on this project's assets, for output identical to what is already there when the file
did not change. Here an existing ``.br`` and ``.gz`` are kept when they decompress to
exactly the file's current bytes (decompressing costs milliseconds; a file's time is no
guide, as Django's manifest pass rewrites the hashed copies of CSS and JavaScript at
every run); in any other case the file is compressed as whitenoise does.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import Any

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _brotli_decompress(data: bytes) -> bytes:
    import brotli

    return bytes(brotli.decompress(data))


class _UnchangedKeptCompressor(Compressor):  # type: ignore[misc]
    def compress(self, path: str) -> list[str]:
        source = Path(path).read_bytes()
        outputs = []
        for suffix, used, decompress in (
            (".br", self.use_brotli, _brotli_decompress),
            (".gz", self.use_gzip, gzip.decompress),
        ):
            if not used:
                continue
            output = Path(path + suffix)
            try:
                if decompress(output.read_bytes()) != source:
                    break
            except (OSError, EOFError, zlib.error, ValueError):  # missing or not gzip
                break
            except Exception:  # brotli.error: not Brotli data
                break
            outputs.append(str(output))
        else:
            if outputs:
                return outputs
        return list(super().compress(path))


class IncrementalCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    def create_compressor(self, **kwargs: Any) -> Compressor:
        return _UnchangedKeptCompressor(**kwargs)
