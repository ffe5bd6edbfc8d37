"""The upload page: a visitor gives back a save file they downloaded, and it lands in their own save space.

The game's saves screen opens this page in a new tab (`u` on the load screen, in a browser). The file is
checked as any save is read (game.saving.codec) before it is kept, and it never replaces a save.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from aiohttp import BodyPartReader, web

from game.saving.errors import SaveError
from game.saving.hosted import MAX_SAVE_BYTES, import_save
from game.saving.slots import is_slot_name
from game.serve.origin import same_origin

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Archer: The Fall - upload a save</title>
<style>body{{font-family:monospace;background:#0c181f;color:#eee;max-width:44em;margin:3em auto;line-height:1.5}}
input,button{{font:inherit}} .error{{color:#ff9a8a}} .done{{color:#9aff9a}}</style></head>
<body><h1>Upload a save</h1>
{message}
<form method="post" action="upload" enctype="multipart/form-data">
<p><label>Save file (.json, downloaded from the game):
 <input type="file" name="file" accept=".json" required></label></p>
<p><label>Name it (letters, digits, - and _): <input type="text" name="slot" value="{slot}" maxlength="40"
 pattern="[A-Za-z0-9_-]{{1,40}}" required></label></p>
<p><button type="submit">Upload</button></p>
</form>
<p>Then go back to the game's tab: <b>Load game</b> lists the upload under the name you gave it.</p>
</body></html>
"""


def page(message: str = "", *, error: bool = False, slot: str = "uploaded") -> str:
    """The upload form, with a line saying how the last upload went."""
    shown = f'<p class="{"error" if error else "done"}">{html.escape(message)}</p>' if message else ""
    return _PAGE.format(message=shown, slot=html.escape(slot))


def slot_from_filename(filename: str | None) -> str:
    """A slot name suggested by the uploaded file's name (`slot-3.json` gives `slot-3-uploaded`)."""
    stem = Path(filename or "").stem
    name = f"{stem}-uploaded"
    return name if is_slot_name(name) else "uploaded"


class UploadPages:
    """GET and POST /upload for one server; `folder_for` gives the save folder of a request's visitor."""

    def __init__(self, folder_for: Callable[[web.Request], Path | None]) -> None:
        self.folder_for = folder_for

    def _folder(self, request: web.Request) -> Path:
        if not same_origin(request):
            raise web.HTTPForbidden(text="Saves can only be uploaded from the game's own page.")
        folder = self.folder_for(request)
        if folder is None:
            raise web.HTTPForbidden(text="Open the game's page first: it gives your browser its save space.")
        return folder

    async def form(self, request: web.Request) -> web.Response:
        """The empty form."""
        self._folder(request)
        return web.Response(text=page(), content_type="text/html")

    async def receive(self, request: web.Request) -> web.Response:
        """Check and keep one uploaded save; the form again, saying how it went."""
        folder = self._folder(request)
        try:
            filename, raw, slot = await self._read_form(request)
        except ValueError as error:
            return web.Response(text=page(str(error), error=True), content_type="text/html", status=400)
        slot = slot or slot_from_filename(filename)
        try:
            import_save(folder, slot, raw)
        except SaveError as error:
            message = f"{filename or 'The file'} was not kept: {error}"
            return web.Response(text=page(message, error=True, slot=slot), content_type="text/html", status=400)
        message = f"Kept {filename or 'the file'} as the save '{slot}'. Load game in the game's tab lists it."
        return web.Response(text=page(message, slot=slot), content_type="text/html")

    @staticmethod
    async def _read_form(request: web.Request) -> tuple[str | None, bytes, str]:
        if not request.content_type.startswith("multipart/"):
            raise ValueError("Send the form from the upload page (multipart/form-data).")
        reader = await request.multipart()
        filename: str | None = None
        raw: bytes | None = None
        slot = ""
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "file":
                filename = part.filename
                raw = await part.read()
                if len(raw) > MAX_SAVE_BYTES:
                    raise ValueError(f"The file is too large to be a save (over {MAX_SAVE_BYTES:,} bytes).")
            elif part.name == "slot":
                slot = (await part.text()).strip()
        if raw is None:
            raise ValueError("Choose a save file to upload.")
        return filename, raw, slot
