"""QR codes of a credential, for a wallet to scan."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_L


def qr_bytes(data: str, fmt: str) -> bytes:
    """The QR code of ``data`` as PNG or SVG. Low error correction keeps a whole vc+jwt
    (about 1.5 KB) inside one code."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_L, box_size=4, border=4)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    out = io.BytesIO()
    if fmt == "svg":
        code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    else:
        code.make_image().save(out)
    return out.getvalue()
