"""QR codes of invite links, to print or show on a staff member's phone."""

from __future__ import annotations

import io


def qr_png(text: str) -> bytes:
    """A PNG QR code of text: medium error correction survives a crumpled printout."""
    # Imported here: the bot starts without loading qrcode and Pillow.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=4)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=PilImage, fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, kind="PNG")
    return buffer.getvalue()
