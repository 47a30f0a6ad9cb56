"""The viewer learns the pipeline's asset names from the contract (`/viewer/contract.js`),
so renaming an asset in lib/contract.py cannot leave the book page reading stale progress."""

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routes import viewer
from moretale_assets.lib import contract

pytestmark = pytest.mark.unit

VIEWER = Path(viewer.__file__).resolve().parents[1] / "viewer"
EXPORT = re.compile(r'^export const ([A-Z_]+) = "([a-z_]+)";$', re.M)


def test_contract_js_is_rendered_from_the_contract():
    app = FastAPI()
    app.include_router(viewer.router)
    r = TestClient(app).get("/viewer/contract.js")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/javascript; charset=utf-8"
    assert r.headers["cache-control"] == "no-cache"
    exports = dict(EXPORT.findall(r.text))
    assert exports == {name: getattr(contract, name) for name in viewer.CONTRACT_NAMES}
    assert set(exports.values()) == set(contract.ASSET_NAMES)


@pytest.mark.parametrize("name", contract.ASSET_NAMES)
def test_no_viewer_file_spells_an_asset_name(name):
    # As a string ("page_audio") or as an object key (page_audio: ...).
    literal = re.compile(rf"""["'`]{name}["'`]|^\s*{name}\s*:""", re.M)
    found = [
        f"{path.name}:{text[: m.start()].count(chr(10)) + 1}"
        for path in sorted(VIEWER.iterdir())
        if path.suffix in {".js", ".html"}
        for text in [path.read_text()]
        for m in literal.finditer(text)
    ]
    assert found == [], f"import it from ./contract.js instead: {found}"
