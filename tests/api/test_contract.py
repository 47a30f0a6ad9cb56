"""Auth, rate limit and the error envelope on every endpoint; OpenAPI documents them."""

import httpx
import pytest

from tests.api.conftest import OTHER_KEY

SID = "20990101_000000_story_nobody_abcdef"
ENDPOINTS = [
    ("POST", "/api/stories/"),
    ("POST", "/api/stories/batch"),
    ("GET", "/api/stories/"),
    ("GET", f"/api/stories/{SID}"),
    ("GET", f"/api/stories/{SID}/result"),
    ("POST", f"/api/stories/{SID}/cancel"),
    ("DELETE", f"/api/stories/{SID}"),
    ("POST", f"/api/stories/{SID}/tts"),
    ("POST", f"/api/stories/{SID}/illustrations"),
    ("GET", f"/api/stories/{SID}/events"),
    ("GET", f"/static/outputs/{SID}/story.json"),
    ("GET", "/api/quota"),
    ("DELETE", "/api/quota/blocks/gemini-3.8-flash-tts"),
]


def assert_envelope(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, (r.status_code, r.text)
    err = r.json()["error"]
    assert err["code"] == code and isinstance(err["message"], str) and "detail" in err
    assert r.headers["X-Request-ID"]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_every_endpoint_needs_a_valid_key(api_stack, method, path):
    with api_stack.client(key=None) as bare:
        assert_envelope(bare.request(method, path, json={}), 401, "UNAUTHORIZED")
    with api_stack.client(key="wrong") as wrong:
        assert_envelope(wrong.request(method, path, json={}), 403, "FORBIDDEN")


@pytest.mark.parametrize(
    ("method", "path"), [e for e in ENDPOINTS if "{" not in e[1] and SID in e[1]]
)
def test_unknown_story_is_404_everywhere(api, method, path):
    body = {} if path.endswith(("tts", "illustrations")) else None
    r = api.request(method, path, json=body)
    expected = "FILE_NOT_FOUND" if path.startswith("/static") else "STORY_NOT_FOUND"
    assert_envelope(r, 404, expected)


@pytest.mark.parametrize("bad", ["a.b..c", "UPPER_case_id", "a,b,c", "x" * 101, "a%7Cb"])
def test_story_ids_are_validated(api, bad):
    assert_envelope(api.get(f"/api/stories/{bad}"), 422, "VALIDATION_ERROR")


def test_path_traversal_never_reaches_a_file(api):
    # An encoded slash splits the segment, so no route matches at all.
    assert_envelope(api.get("/api/stories/..%2F..%2Fetc"), 404, "NOT_FOUND")
    r = api.get("/static/outputs/..%2F..%2Fetc/passwd")
    assert r.status_code == 404 and r.json()["error"]["code"] in ("FILE_NOT_FOUND", "NOT_FOUND")


def test_validation_errors_use_the_envelope(api):
    r = api.post("/api/stories/", json={"child_name": "", "primary_lang": "ko"})
    assert_envelope(r, 422, "VALIDATION_ERROR")
    locs = {tuple(d["loc"]) for d in r.json()["error"]["detail"]}
    assert ("body", "child_name") in locs and ("body", "secondary_lang") in locs
    assert_envelope(
        api.post(
            "/api/stories/", content=b"{not json", headers={"content-type": "application/json"}
        ),
        422,
        "VALIDATION_ERROR",
    )
    assert_envelope(api.get("/no/such/route"), 404, "NOT_FOUND")
    assert_envelope(api.put("/api/stories/"), 405, "METHOD_NOT_ALLOWED")


def test_request_id_is_echoed_or_generated(api):
    r = api.get("/api/stories/", headers={"X-Request-ID": "trace-123"})
    assert r.headers["X-Request-ID"] == "trace-123"
    generated = api.get("/api/stories/", headers={"X-Request-ID": "bad id <script>"}).headers
    assert generated["X-Request-ID"] != "bad id" and len(generated["X-Request-ID"]) == 32


def test_posts_are_rate_limited_per_key(api_stack, api):
    with api_stack.client(key=OTHER_KEY) as other:
        codes = [other.post(f"/api/stories/{SID}/cancel").status_code for _ in range(81)]
        assert codes[:80] == [404] * 80
        last = other.post(f"/api/stories/{SID}/cancel")
        assert_envelope(last, 429, "RATE_LIMIT_EXCEEDED")
        assert int(last.headers["Retry-After"]) >= 1
        assert other.get("/api/stories/").status_code == 200  # reads are not limited
    # The other key has its own budget.
    assert api.post(f"/api/stories/{SID}/cancel").status_code == 404


def test_openapi_documents_every_error(api_stack):
    spec = httpx.get(f"{api_stack.stack.api_url}/openapi.json").json()
    ops = {}
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ops[(method.upper(), path)] = op
    assert len({op["operationId"] for op in ops.values()}) == len(ops)
    for key, op in ops.items():
        if key[1] in ("/healthz", "/readyz"):
            continue
        codes = set(op["responses"])
        assert {"401", "403", "500"} <= codes, key
        for code in codes - {"200", "202", "204", "206"}:  # 206: a Range answer
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            assert schema["$ref"].endswith("/ErrorBody"), (key, code)
