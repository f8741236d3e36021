"""Where signed certification documents are kept: private storage, never a public URL.

The project has no MEDIA_URL and serves no uploads from the web server. Signed statements live on the
runtime volume (`PRIVATE_FILES_DIR`, under var/ by default, the volume web and worker share in compose),
outside STATIC_ROOT, and are handed out only by an access-checked view, as background jobs' files are.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="evaluations.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """The folder is read from settings at each use, so a test may point it at a scratch folder."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no URL; a view checks access and streams them.")


private_storage = PrivateStorage()
