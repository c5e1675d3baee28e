"""The package's static files (a stylesheet, an icon), read once and answered from memory.

Starlette's StaticFiles looks each file up and reads it in worker threads: three trips through the
thread pool and the GIL per request, each one waiting behind the page threads under load. These
files are small and fixed for the life of the server, so they are answered by the event loop
itself, with the same headers (type, length, ETag, Last-Modified) and 304s as StaticFiles gives.
"""
from __future__ import annotations

import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope


class KeptStaticFiles(StaticFiles):
    """StaticFiles over `directory` whose files (those there when it is made) are kept in memory."""

    def __init__(self, directory: str | os.PathLike):
        super().__init__(directory=directory)
        self.kept: dict[str, tuple[bytes, dict[str, str]]] = {}
        for file in sorted(Path(directory).iterdir()):
            if file.is_file():
                headers = dict(FileResponse(file, stat_result=file.stat()).headers)
                headers.pop("accept-ranges", None)   # whole files only: no byte ranges from memory
                self.kept[file.name] = (file.read_bytes(), headers)

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Gives a kept file's answer, else what StaticFiles gives (404, 405)."""
        hit = self.kept.get(path)
        if hit is None or scope["method"] not in ("GET", "HEAD"):
            return await super().get_response(path, scope)
        body, headers = hit
        if self.is_not_modified(Headers(headers), Headers(scope=scope)):
            return NotModifiedResponse(Headers(headers))
        return Response(body if scope["method"] == "GET" else b"", headers=headers)
