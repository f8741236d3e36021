"""Signed statements uploaded as evidence of a paper certification: what is accepted.

- PDF, PNG or JPEG only, told by the file's first bytes and its name alike (a renamed file is refused);
- at most SIGNED_DOCUMENT_MAX_BYTES (5 MB: a scanned page or two);
- every refusal is a ValidationError on the `document` field, in words a person can act on.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext as _

SIGNED_DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
# suffix -> (the file's first bytes, the type it is served as)
SIGNED_DOCUMENT_TYPES = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}


def check_signed_document(document: File) -> None:
    suffix = Path(document.name or "").suffix.lower()
    if suffix not in SIGNED_DOCUMENT_TYPES:
        raise ValidationError({"document": _("Attach the signed statement as a PDF, PNG or JPEG file.")})
    if document.size is None or document.size > SIGNED_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {"document": _("The signed statement may be at most 5 MB; scan it at a lower resolution.")}
        )
    if document.size == 0:
        raise ValidationError({"document": _("The file is empty.")})
    magic, _content_type = SIGNED_DOCUMENT_TYPES[suffix]
    document.seek(0)
    head = document.read(len(magic))
    document.seek(0)
    if head != magic:
        raise ValidationError({"document": _("The file is not the PDF, PNG or JPEG its name says it is.")})


def content_type_of(name: str) -> str:
    """The type a stored statement is served as (its suffix was checked on the way in)."""
    return SIGNED_DOCUMENT_TYPES.get(Path(name).suffix.lower(), (b"", "application/octet-stream"))[1]
