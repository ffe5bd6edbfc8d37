"""The web server around the game: visitor cookies, same-site checks, uploads into the right save space,
and downloads only for the visitor whose game offered them. Driven through aiohttp's test client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiohttp import FormData
from aiohttp.test_utils import TestClient, TestServer

from game.engine import start
from game.saving import SaveStore
from game.saving.hosted import new_visitor_token, visitor_folder
from game.serve.options import ServeOptions
from game.serve.server import COOKIE, ArcherServer
from game.world import Story


async def client_for(options: ServeOptions, root: Path) -> TestClient:
    server = ArcherServer(options, root)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    client.archer = server  # type: ignore[attr-defined]
    return client


@pytest.fixture()
async def hosted(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = await client_for(ServeOptions(hosted=True), tmp_path / "visitors")
    yield client
    await client.close()


@pytest.fixture()
async def loopback(tmp_path: Path) -> AsyncIterator[TestClient]:
    client = await client_for(ServeOptions(), tmp_path / "saves")
    yield client
    await client.close()


def upload_form(raw: bytes, slot: str = "") -> FormData:
    form = FormData()
    form.add_field("file", raw, filename="slot-1.json", content_type="application/json")
    if slot:
        form.add_field("slot", slot)
    return form


def a_save(story: Story, folder: Path) -> bytes:
    return SaveStore(folder).save("slot-1", story, start(story, 11, None)).read_bytes()


async def test_the_page_gives_a_hosted_visitor_a_private_cookie(hosted: TestClient) -> None:
    response = await hosted.get("/")
    assert response.status == 200
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True and cookie["samesite"] == "Strict"
    assert len(cookie.value) == 43
    page = await response.text()
    assert f'data-session-websocket-url="ws://{response.url.host}:{response.url.port}/ws"' in page
    again = await hosted.get("/")
    assert COOKIE not in again.cookies  # the browser already holds one


async def test_on_loopback_no_cookie_is_needed(loopback: TestClient) -> None:
    response = await loopback.get("/")
    assert response.status == 200
    assert COOKIE not in response.cookies


async def test_a_proxy_address_is_used_for_the_websocket(hosted: TestClient) -> None:
    response = await hosted.get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "game.example.org"})
    assert 'data-session-websocket-url="wss://game.example.org/ws"' in await response.text()
    assert response.cookies[COOKIE]["secure"] is True


async def test_a_hosted_websocket_needs_the_page_first(hosted: TestClient) -> None:
    response = await hosted.get("/ws")
    assert response.status == 403
    assert await response.text() == "Open the game's page first: it gives your browser its save space."


async def test_a_page_of_another_site_cannot_open_the_game(loopback: TestClient) -> None:
    response = await loopback.get("/ws", headers={"Origin": "http://evil.example"})
    assert response.status == 403
    upload = await loopback.post("/upload", data=upload_form(b"{}"), headers={"Origin": "http://evil.example"})
    assert upload.status == 403
    assert list((loopback.archer.saves_root).glob("*")) == []  # type: ignore[attr-defined]


async def test_an_upload_lands_in_the_visitors_own_folder(hosted: TestClient, tmp_path: Path,
                                                          mini_story: Story) -> None:
    raw = a_save(mini_story, tmp_path / "home")
    await hosted.get("/")
    token = hosted.session.cookie_jar.filter_cookies(hosted.make_url("/"))[COOKIE].value
    response = await hosted.post("/upload", data=upload_form(raw, "from-home"))
    assert response.status == 200
    assert "Kept slot-1.json as the save &#x27;from-home&#x27;." in await response.text()
    mine = visitor_folder(tmp_path / "visitors", token)
    assert (mine / "from-home.json").read_bytes() == raw
    assert [p.name for p in (tmp_path / "visitors").iterdir()] == [mine.name]


async def test_an_upload_without_a_name_is_named_after_the_file(hosted: TestClient, tmp_path: Path,
                                                                mini_story: Story) -> None:
    raw = a_save(mini_story, tmp_path / "home")
    await hosted.get("/")
    response = await hosted.post("/upload", data=upload_form(raw))
    assert response.status == 200
    assert len(list((tmp_path / "visitors").glob("*/slot-1-uploaded.json"))) == 1


async def test_a_bad_upload_is_refused_with_the_reason(hosted: TestClient, tmp_path: Path) -> None:
    await hosted.get("/")
    response = await hosted.post("/upload", data=upload_form(b"not a save", "mine"))
    assert response.status == 400
    assert "slot-1.json was not kept: is damaged: it is not valid JSON (line 1, column 1: Expecting value)." in (
        await response.text()
    )
    assert list((tmp_path / "visitors").glob("*/*.json")) == []


async def test_a_download_is_only_for_the_visitor_whose_game_offered_it(hosted: TestClient) -> None:
    server: ArcherServer = hosted.archer  # type: ignore[attr-defined]
    owner = new_visitor_token()
    await server.download_manager.create_download(
        app_service=SimpleNamespace(visitor=owner, app_service_id="x"),  # type: ignore[arg-type]
        delivery_key="k1",
        file_name="slot-1.json",
        open_method="download",
        mime_type="application/json",
    )
    await hosted.get("/")  # this browser is another visitor
    response = await hosted.get("/download/k1")
    assert response.status == 404
    assert await server.download_manager.get_download_metadata("k1")  # still there for its owner


async def test_a_full_server_says_so(tmp_path: Path) -> None:
    client = await client_for(ServeOptions(max_visitors=1), tmp_path)
    try:
        client.archer.games = 1  # type: ignore[attr-defined]
        response = await client.get("/")
        assert response.status == 503
        assert (await response.text()).startswith("Every seat is taken")
    finally:
        await client.close()
