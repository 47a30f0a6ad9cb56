"""Production shape: Dagster on Postgres, books and compute logs in S3 (moto server mode)."""

import json
from urllib.parse import parse_qs, urlparse

import boto3
import duckdb
import httpx
import pytest

from api.settings import ApiSettings
from api.urls import Urls
from devstack.stack import PRODUCTION
from moretale_assets.lib.storage import LocalStorage, S3Storage
from tests.api.conftest import ApiStack, book, wait_for
from tests.conftest import AWS_TEST_ENV, make_bucket

BUCKET = "moretale-books"


@pytest.fixture(scope="module")
def s3_stack(tmp_path_factory, moto_endpoint, postgres_server):
    make_bucket(moto_endpoint, BUCKET)
    make_bucket(moto_endpoint, "moretale-logs")
    s = ApiStack(
        tmp_path_factory.mktemp("s3"),
        PRODUCTION,
        {
            **AWS_TEST_ENV,
            "MORETALE_DAGSTER_PG_URL": postgres_server(),
            "MORETALE_COMPUTE_LOG_BUCKET": "moretale-logs",
            "MORETALE_COMPUTE_LOG_PREFIX": "logs/",
            "MORETALE_S3_ENDPOINT_URL": moto_endpoint,
            "MORETALE_STORAGE_BACKEND": "s3",
            "MORETALE_S3_BUCKET": BUCKET,
            "MORETALE_S3_PREFIX": "books",
            "MORETALE_PRESIGN_EXPIRY_S": "900",
        },
    )
    s.stack.start()
    try:
        yield s
    finally:
        s.stack.stop()


@pytest.fixture
def s3(moto_endpoint) -> S3Storage:
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id=AWS_TEST_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=AWS_TEST_ENV["AWS_SECRET_ACCESS_KEY"],
    )
    return S3Storage(client, BUCKET, "books")


def test_book_in_s3_with_presigned_urls_skip_existing_and_purge(s3_stack, s3):
    with s3_stack.client() as api:
        sid = api.post("/api/stories/", json=book(page_count=5)).json()["id"]
        story = wait_for(api, sid, timeout=180)
        assert story["status"] == "completed", story
        keys = s3.list(sid)
        assert sum(k.endswith(".wav") for k in keys) == 10
        assert sum("/illustrations/page_" in k for k in keys) == 5
        assert f"{sid}/illustrations/cover.png" in keys and f"{sid}/story.json" in keys
        assert not (s3_stack.stack.outputs / sid).exists()  # nothing on local disk

        result = api.get(f"/api/stories/{sid}/result").json()
        urls = [result["story_json_url"], result["assets"]["cover"]["url"]]
        urls += [
            p[k]
            for p in result["pages"]
            for k in ("audio_primary_url", "audio_secondary_url", "illustration_url")
        ]
        for url in urls:
            query = parse_qs(urlparse(url).query)
            assert "X-Amz-Signature" in query or "Signature" in query, url
            key = urlparse(url).path.split(f"/{BUCKET}/books/", 1)[1]
            got = httpx.get(url)  # a plain client, no API key: the signature is the credential
            assert got.status_code == 200 and got.content == s3.get(key)
        listed = api.get("/api/stories/").json()["items"]
        assert "Signature" in next(s for s in listed if s["id"] == sid)["cover_url"]

        # Skip-existing against S3: every provider call would fail now.
        s3_stack.faults({"speech": {"*": -1}, "illustrator": {"*": -1}})
        for kind in ("tts", "illustrations"):
            r = api.post(f"/api/stories/{sid}/{kind}", json={"force": False})
            assert r.status_code == 202, r.text
            assert wait_for(api, sid)["status"] == "completed"
        s3_stack.faults({})
        manifest = json.loads(s3.get(f"{sid}/audio/manifest.json"))
        assert {e["status"] for e in manifest["entries"]} == {"skipped_exists"}

        # Soft delete keeps the objects; purge removes them.
        assert api.delete(f"/api/stories/{sid}").status_code == 204
        assert s3.list(sid)
        other = api.post("/api/stories/", json=book(child_name="Purge")).json()["id"]
        wait_for(api, other)
        assert api.delete(f"/api/stories/{other}", params={"purge": "true"}).status_code == 204
        assert s3.list(other) == []
        assert api.get(f"/api/stories/{other}").status_code == 404


def test_no_secret_reaches_catalog_manifests_or_metadata(s3_stack, s3, moto_endpoint):
    secret = AWS_TEST_ENV["AWS_SECRET_ACCESS_KEY"]
    with s3_stack.client() as api:
        sid = api.post("/api/stories/", json=book(child_name="Secret")).json()["id"]
        wait_for(api, sid)
        run_id = api.get(f"/api/stories/{sid}").json()["run_id"]
    for key in s3.list(sid):
        if key.endswith(".json"):
            assert secret not in s3.get(key).decode()
    events, _, _ = s3_stack.stack.client().run_logs(run_id, None, limit=5000)
    assert secret not in json.dumps(events)
    # Compute logs went to S3 too (the production instance's compute log manager).
    logs = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id=AWS_TEST_ENV["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=secret,
    )
    s3_stack.stack.stop_api()
    try:
        con = duckdb.connect(str(s3_stack.stack.catalog_path), read_only=True)
        dump = json.dumps(con.execute("SELECT * FROM stories").fetchall(), default=str)
        dump += json.dumps(con.execute("SELECT * FROM asset_events").fetchall(), default=str)
        con.close()
        assert secret not in dump and "Signature" not in dump  # markers, never signed URLs
        assert "s3key:" in dump
    finally:
        s3_stack.stack.start_api()
    log_keys = [o["Key"] for o in logs.list_objects_v2(Bucket="moretale-logs").get("Contents", [])]
    assert any(k.startswith("logs/") for k in log_keys), log_keys


def test_url_construction_and_expiry():
    client = boto3.client(
        "s3",
        endpoint_url="http://127.0.0.1:9",
        region_name="us-east-1",
        aws_access_key_id="AKIAEXAMPLE",
        aws_secret_access_key="x" * 40,
    )
    storage = S3Storage(client, "bucket", "books")
    presigning = Urls(ApiSettings(storage_backend="s3", presign_expiry_s=600), storage)
    marked = presigning.for_catalog("s1_story_x_abc", "illustrations/page_01.png")
    assert marked == "s3key:s1_story_x_abc/illustrations/page_01.png"
    body = presigning.resolve(json.dumps({"u": marked, "n": None}).encode())
    url = json.loads(body)["u"]
    parsed = urlparse(url)
    assert parsed.path == "/bucket/books/s1_story_x_abc/illustrations/page_01.png"
    q = parse_qs(parsed.query)
    expires = q.get("X-Amz-Expires", q.get("Expires"))
    assert expires is not None
    if "X-Amz-Expires" in q:
        assert q["X-Amz-Expires"] == ["600"]
    assert "x" * 40 not in url  # the secret never appears, only the signature
    public = Urls(
        ApiSettings(storage_backend="s3", public_base_url="https://cdn.example/b/"), storage
    )
    assert public.for_catalog("s1_story_x_abc", "story.json") == (
        "https://cdn.example/b/books/s1_story_x_abc/story.json"
    )
    assert public.resolve(b'"https://cdn.example/x"') == b'"https://cdn.example/x"'
    local = Urls(ApiSettings(), LocalStorage("/tmp"))
    assert local.for_catalog("s", "a.png") == "/static/outputs/s/a.png"
