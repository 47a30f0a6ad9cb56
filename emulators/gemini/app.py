"""A Gemini-compatible HTTP emulator (FastAPI) that the real google-genai SDK can talk to.

    client = genai.Client(api_key="x",
                          http_options=types.HttpOptions(base_url="http://127.0.0.1:8090"))

Routes (both API versions: google-genai 3.4.0 calls `/v1` by default, `/v1beta` with
`HttpOptions(api_version="v1beta")`):

    POST /{v1,v1beta}/models/{model}:generateContent
    POST /{v1,v1beta}/models/{model}:streamGenerateContent?alt=sse   (SSE; JSON array without alt)
    POST /{v1,v1beta}/models/{model}:countTokens
    GET  /{v1,v1beta}/models, /{v1,v1beta}/models/{model}

Admin, under `/_emulator/` (no key needed): `GET stats`, `POST reset`, `POST faults` (queue
forced faults), `GET/PUT config`, `GET health`, and the ground truth of realistic TTS clips:
`GET speech/{responseId}` (where each passage starts and ends, in samples of the returned
PCM, and whether a direction was read aloud) and `GET speech` (every kept clip, oldest first).

Order of checks for each request: API key (403/400) -> known model (404) -> request shape
(400) -> quota (429, no latency; only admitted requests count toward the quotas) -> fault
choice (forced queue first, then the seeded RNG) -> fixed latency -> fault or reply.

What this imitates, and where it was checked (public material, looked up while writing this):
* Error bodies are Google's `{"error": {"code", "message", "status", "details"}}`. A missing
  key gets 403 PERMISSION_DENIED "Method doesn't allow unregistered callers ...", a wrong key
  400 INVALID_ARGUMENT "API key not valid ..." with ErrorInfo reason API_KEY_INVALID (both as
  reported in public issue threads, e.g. PublicAffairs/openai-gemini#92,
  continuedev/continue#8516).
* 429 RESOURCE_EXHAUSTED carries QuotaFailure (`quotaMetric`, `quotaId` such as
  GenerateRequestsPerMinutePerProjectPerModel[-FreeTier], `quotaDimensions` {location, model},
  `quotaValue`), a Help link and RetryInfo `retryDelay` like "26s", and no Retry-After header
  (issue threads googleapis/python-genai#2044, RooCodeInc/Roo-Code#3883). Google's rate-limit
  page says quotas are per project per model and RPD resets at midnight Pacific time.
* 503 UNAVAILABLE "The model is overloaded. Please try again later." (google-gemini/gemini-cli
  #5191 and many more); 500 INTERNAL; 504 DEADLINE_EXCEEDED for the timeout fault.
* GenerateContentResponse has candidates[{content{parts, role}, finishReason, index}],
  usageMetadata, modelVersion, responseId (Gemini/Vertex REST reference). Blocked output has
  a candidate with finishReason SAFETY / IMAGE_SAFETY and no content.
* TTS returns inlineData `audio/L16;codec=pcm;rate=24000` (raw s16le mono);
  gemini-2.5-flash-image sizes per aspect ratio come from Google's image-generation docs.

Uncertain (not verifiable without a key): whether rejected or faulted requests count toward
the real quotas; whether RPM is a sliding 60 s window (the default here) or resets each
wall-clock minute (a Google forum answer says the latter; set `minute_window: "fixed"`);
whether a per-day-only 429 carries RetryInfo at all; the paid-tier `quotaMetric` names;
usage token counts for audio and images.
"""

from __future__ import annotations

import collections
import datetime as dt
import fnmatch
import hashlib
import json
import math
import random
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from fastapi import Body, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from emulators.gemini import replies, review
from emulators.gemini.config import FAULT_NAMES, EmulatorConfig, FaultName
from moretale_assets.lib.providers.gemini.config import DEFAULT_MODELS as GEMINI_DEFAULTS
from moretale_assets.lib.providers.gemini.config import (
    IMAGE_MODELS,
    RETIRED_MODELS,
    STORY_MODELS,
    TTS_MODELS,
)

API_VERSIONS = ("v1", "v1beta")
# What models.list answers by default: the generally available models of late 2026 (every model
# a request may ask for, the project's defaults first) and the older ones still served; the
# retired names answer 404 NOT_FOUND, as shut-down models do
# (https://ai.google.dev/gemini-api/docs/deprecations).
DEFAULT_MODELS = tuple(
    dict.fromkeys(
        (
            *GEMINI_DEFAULTS.values(),
            *STORY_MODELS,
            *TTS_MODELS,
            *IMAGE_MODELS,
            "gemini-3.1-flash-lite",
            "gemini-2.5-flash-lite",
        )
    )
)
MISSING_KEY = (
    "Method doesn't allow unregistered callers (callers without established identity). "
    "Please use API Key or other form of API consumer identity to call this API."
)
BAD_KEY = "API key not valid. Please pass a valid API key."
OVERLOADED = "The model is overloaded. Please try again later."
INTERNAL = (
    "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting"
)
DEADLINE = "Deadline expired before operation could complete."
RATE_LIMIT_DOCS = "https://ai.google.dev/gemini-api/docs/rate-limits"
HTTP_FAULTS = ("http_500", "http_503", "timeout", "quota_minute", "quota_day")


def google_error(
    code: int,
    status: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return JSONResponse({"error": error}, status_code=code, headers=headers)


@dataclass(frozen=True)
class Violation:
    per: Literal["minute", "day"]
    limit: int
    retry_s: int


@dataclass(frozen=True)
class Admission:
    violation: Violation | None
    fault: str | None


class FaultOrder(BaseModel):
    model: str = Field("*", description="model name or fnmatch pattern")
    fault: FaultName
    count: int = Field(1, ge=1)


class FaultOrders(BaseModel):
    faults: list[FaultOrder]


class Emulator:
    """Counters, quota windows, the fault queue and the RNG, shared by all request threads.

    Endpoints are sync (run in the threadpool), so everything mutable sits behind one lock."""

    def __init__(self, config: EmulatorConfig, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self.clock = clock
        self.stopping = threading.Event()  # set on shutdown so sleeping requests end at once
        self.config = config
        self.reset()

    # -- state --
    def reset(self) -> None:
        with self._lock:
            self.rng = random.Random(self.config.seed)
            self.started_at = self.clock()
            self.minute: dict[str, collections.deque[float]] = collections.defaultdict(
                collections.deque
            )
            self.day: dict[str, tuple[dt.date, int]] = {}
            self.queue: list[dict[str, Any]] = []
            self.by_status: collections.Counter[str] = collections.Counter()
            self.models: dict[str, dict[str, Any]] = {}
            # Each TTS clip draws its own seed from this, so a seed gives the same clips in
            # request order, and the fault RNG's sequence does not depend on speech.
            self.voice_rng = random.Random(f"voice-{self.config.seed}")
            self.truth: collections.OrderedDict[str, dict[str, Any]] = collections.OrderedDict()
            # What it said and drew, so the text model can transcribe and review it.
            keep = self.config.review
            self.memory = review.Memory(int(keep.audio_memory_mb * 2**20), keep.picture_limit)

    def clip_seed(self) -> int:
        with self._lock:
            return self.voice_rng.getrandbits(63)

    def keep_truth(self, response_id: str, truth: dict[str, Any]) -> None:
        with self._lock:
            self.truth[response_id] = truth
            while len(self.truth) > self.config.speech.truth_limit:
                self.truth.popitem(last=False)

    def speech_truth(self, response_id: str | None = None) -> Any:
        with self._lock:
            if response_id is None:
                return [{"response_id": k, **v} for k, v in self.truth.items()]
            return self.truth.get(response_id)

    def set_config(self, config: EmulatorConfig) -> None:
        with self._lock:
            self.config = config
            self.rng = random.Random(config.seed)
            self.voice_rng = random.Random(f"voice-{config.seed}")

    def push_faults(self, orders: list[FaultOrder]) -> int:
        with self._lock:
            self.queue += [o.model_dump() for o in orders]
            return sum(o["count"] for o in self.queue)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.stopping.wait(seconds)

    # -- quota and faults --
    def _day_key(self, now: float) -> tuple[dt.date, float]:
        """Today's date in the reset zone, and the seconds until its next midnight."""
        tz = ZoneInfo(self.config.day_reset_tz)
        local = dt.datetime.fromtimestamp(now, tz)
        midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tz)
        return local.date(), midnight.timestamp() - now

    def admit(self, model: str, kind: replies.Kind, now: float) -> Admission:
        cfg = self.config.for_model(model)
        with self._lock:
            today, to_midnight = self._day_key(now)
            day_date, day_count = self.day.get(model, (today, 0))
            if day_date != today:
                day_count = 0
            if cfg.rpd is not None and day_count >= cfg.rpd:
                return Admission(Violation("day", cfg.rpd, math.ceil(to_midnight)), None)
            window = self.minute[model]
            if self.config.minute_window == "sliding":
                span = self.config.rpm_window_s
                while window and window[0] <= now - span:
                    window.popleft()
                retry = math.ceil(window[0] + span - now) if window else math.ceil(span)
            else:
                start = now - now % 60.0
                while window and window[0] < start:
                    window.popleft()
                retry = math.ceil(start + 60.0 - now)
            if cfg.rpm is not None and len(window) >= cfg.rpm:
                return Admission(Violation("minute", cfg.rpm, max(1, retry)), None)
            window.append(now)
            self.day[model] = (today, day_count + 1)
            return Admission(None, self._choose_fault(model, kind, cfg.faults))

    def _choose_fault(self, model: str, kind: replies.Kind, rates: dict[str, float]) -> str | None:
        # Always draw, so the random sequence does not depend on the forced queue.
        u = self.rng.random()
        for order in self.queue:
            if fnmatch.fnmatchcase(model, order["model"]) and replies.fault_applies(
                order["fault"], kind
            ):
                order["count"] -= 1
                if order["count"] <= 0:
                    self.queue.remove(order)
                return str(order["fault"])
        edge = 0.0
        for name in FAULT_NAMES:  # fixed order keeps a seed's faults reproducible
            p = rates.get(name, 0.0)
            if p and replies.fault_applies(name, kind):
                edge += p
                if u < edge:
                    return name
        return None

    def safety_blocks(self, req: replies.GenRequest) -> bool:
        """Whether the safety filter blocks this request. Like the real service it is not a
        fixed verdict per prompt: a risky prompt (by a seeded hash of its text, or a listed
        word) is blocked on each try with probability `safety_repeat`, drawn from the seeded
        RNG, so the same prompt may pass on a later try and a reworded one usually does."""
        if req.kind not in ("image", "json", "text"):
            return False
        cfg = self.config.for_model(req.model)
        text = req.text.lower()
        digest = hashlib.sha256(f"{self.config.seed}/{req.text}".encode()).digest()
        risky = int.from_bytes(digest[:4], "big") / 2**32 < cfg.safety_prompts or any(
            w.lower() in text for w in cfg.safety_words
        )
        if not risky:
            return False
        with self._lock:
            return self.rng.random() < cfg.safety_repeat

    def quota_retry_s(self, model: str, per: str, now: float) -> tuple[int, int]:
        """(retry seconds, limit) for a forced quota fault."""
        cfg = self.config.for_model(model)
        if per == "day":
            return math.ceil(self._day_key(now)[1]), cfg.rpd or 0
        with self._lock:
            window = self.minute.get(model)
            if cfg.rpm is not None and window:
                return max(1, math.ceil(window[0] + self.config.rpm_window_s - now)), cfg.rpm
        return self.config.fault_retry_delay_s, cfg.rpm or 0

    # -- stats --
    def record(
        self,
        model: str,
        status: int,
        t: float,
        *,
        kind: str | None = None,
        fault: str | None = None,
        version: str | None = None,
        input_images: int = 0,
    ) -> None:
        with self._lock:
            self.by_status[str(status)] += 1
            m = self.models.setdefault(
                model,
                {
                    "requests": 0,
                    "by_status": collections.Counter(),
                    "faults": collections.Counter(),
                    "log": collections.deque(maxlen=self.config.log_limit),
                },
            )
            m["requests"] += 1
            m["by_status"][str(status)] += 1
            if fault:
                m["faults"][fault] += 1
            m["log"].append(
                {
                    "t": t,
                    "status": status,
                    "kind": kind,
                    "fault": fault,
                    "api_version": version,
                    "input_images": input_images,
                }
            )

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {
                "started_at": self.started_at,
                "total_requests": sum(self.by_status.values()),
                "total_429": self.by_status.get("429", 0),
                "by_status": dict(self.by_status),
                "models": {
                    name: {
                        "requests": m["requests"],
                        "by_status": dict(m["by_status"]),
                        "faults": dict(m["faults"]),
                        "timestamps": [e["t"] for e in m["log"]],
                        "log": list(m["log"]),
                    }
                    for name, m in self.models.items()
                },
                "pending_faults": [dict(o) for o in self.queue],
            }


def quota_error(config: EmulatorConfig, model: str, v: Violation) -> JSONResponse:
    per = "Minute" if v.per == "minute" else "Day"
    suffix = "-FreeTier" if config.free_tier else ""
    if config.free_tier:
        metric = "generativelanguage.googleapis.com/generate_content_free_tier_requests"
    else:
        metric = "generativelanguage.googleapis.com/generate_requests_per_model" + (
            "_per_day" if v.per == "day" else ""
        )
    message = (
        "You exceeded your current quota, please check your plan and billing details. "
        f"For more information on this error, head to: {RATE_LIMIT_DOCS}. "
        "To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n"
        f"* Quota exceeded for metric: {metric}, limit: {v.limit}, model: {model}\n"
        f"Please retry in {v.retry_s}s."
    )
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [
                {
                    "quotaMetric": metric,
                    "quotaId": f"GenerateRequestsPer{per}PerProjectPerModel{suffix}",
                    "quotaDimensions": {"model": model, "location": "global"},
                    "quotaValue": str(v.limit),
                }
            ],
        },
        {
            "@type": "type.googleapis.com/google.rpc.Help",
            "links": [
                {"description": "Learn more about Gemini API quotas", "url": RATE_LIMIT_DOCS}
            ],
        },
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": f"{v.retry_s}s"},
    ]
    headers = {"Retry-After": str(v.retry_s)} if config.send_retry_after else None
    return google_error(429, "RESOURCE_EXHAUSTED", message, details, headers)


def _sse(bodies: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for body in bodies:
        yield b"data: " + json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\r\n\r\n"


def create_app(
    config: EmulatorConfig | None = None, *, clock: Callable[[], float] = time.time
) -> FastAPI:
    """The emulator app. `clock` (epoch seconds) is injectable so tests can move time."""
    emu = Emulator(config or EmulatorConfig(), clock)
    app = FastAPI(title="MoreTale Gemini emulator", docs_url=None, redoc_url=None)
    app.state.emulator = emu

    @app.exception_handler(RequestValidationError)
    def _bad_json(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Google answers malformed bodies with 400 INVALID_ARGUMENT, not FastAPI's 422.
        return google_error(400, "INVALID_ARGUMENT", f"Invalid JSON payload received. {exc}")

    @app.exception_handler(Exception)
    def _crash(_request: Request, exc: Exception) -> JSONResponse:
        # A bug in the emulator should still look like a Gemini 500 to the SDK.
        return google_error(500, "INTERNAL", f"{INTERNAL} (emulator: {type(exc).__name__}: {exc})")

    def auth_error(header_key: str | None, query_key: str | None) -> JSONResponse | None:
        key = header_key or query_key
        if not key:
            if emu.config.require_api_key:
                return google_error(403, "PERMISSION_DENIED", MISSING_KEY)
            return None
        if emu.config.api_keys is not None and key not in emu.config.api_keys:
            details = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                    "metadata": {"service": "generativelanguage.googleapis.com"},
                },
                {
                    "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                    "locale": "en-US",
                    "message": BAD_KEY,
                },
            ]
            return google_error(400, "INVALID_ARGUMENT", BAD_KEY, details)
        return None

    def not_found(version: str, model: str) -> JSONResponse:
        return google_error(
            404,
            "NOT_FOUND",
            f"models/{model} is not found for API version {version}, or is not supported "
            "for generateContent. Call ListModels to see the list of available models and "
            "their supported methods.",
        )

    def retired() -> list[str]:
        listed = emu.config.retired_models
        return list(RETIRED_MODELS if listed is None else listed)

    def model_known(model: str) -> bool:
        known = emu.config.known_models
        return (known is None or model in known) and model not in retired()

    def model_names() -> list[str]:
        names = list(emu.config.known_models or DEFAULT_MODELS)
        names += [m for m in emu.config.models if m not in names and not set("*?[") & set(m)]
        return [n for n in names if n not in retired()]

    def describe(name: str) -> dict[str, Any]:
        return {
            "name": f"models/{name}",
            "version": "001",
            "displayName": name,
            "description": "MoreTale emulator model",
            "supportedGenerationMethods": ["generateContent", "countTokens"],
        }

    @app.post("/{version}/models/{target}")
    def model_call(
        version: str,
        target: str,
        body: dict[str, Any] = Body(...),  # noqa: B008 - FastAPI's declared-body idiom
        alt: str | None = Query(None),
        key: str | None = Query(None),
        x_goog_api_key: str | None = Header(None),
    ) -> Response:
        model, _, method = target.rpartition(":")
        if version not in API_VERSIONS or not model:
            return google_error(404, "NOT_FOUND", f"Method not found: {version}/{target}")
        now = emu.clock()
        denied = auth_error(x_goog_api_key, key)
        if denied is not None:
            emu.record(model, denied.status_code, now, version=version)
            return denied
        if not model_known(model):
            emu.record(model, 404, now, version=version)
            return not_found(version, model)
        if method == "countTokens":
            return JSONResponse(count_tokens(body))
        if method not in ("generateContent", "streamGenerateContent"):
            return google_error(404, "NOT_FOUND", f"Method not found: {method}")
        try:
            req = replies.parse_request(model, body)
        except replies.BadRequest as exc:
            emu.record(model, 400, now, version=version)
            return google_error(400, "INVALID_ARGUMENT", str(exc))
        return generate(req, now, version, stream=method == "streamGenerateContent", alt=alt)

    def count_tokens(body: dict[str, Any]) -> dict[str, Any]:
        inner = replies.pick(body, "generateContentRequest") or body
        try:
            req = replies.parse_request("count", inner)
        except replies.BadRequest:
            return {"totalTokens": 0}
        return {"totalTokens": req.prompt_tokens}

    def generate(
        req: replies.GenRequest, now: float, api_version: str, *, stream: bool, alt: str | None
    ) -> Response:
        cfg = emu.config
        model = req.model

        def record(status: int, fault: str | None = None) -> None:
            emu.record(
                model,
                status,
                now,
                kind=req.kind,
                fault=fault,
                version=api_version,
                input_images=req.input_images,
            )

        adm = emu.admit(model, req.kind, now)
        if adm.violation is not None:
            record(429)
            return quota_error(cfg, model, adm.violation)
        fault = adm.fault
        if fault is None and emu.safety_blocks(req):
            fault = "safety_block"
        emu.sleep(cfg.for_model(model).latency_ms / 1000)
        if fault in HTTP_FAULTS:
            if fault == "timeout":
                emu.sleep(cfg.timeout_fault_s)
            response = fault_error(str(fault), model, now)
            record(response.status_code, fault)
            return response
        # Speech and a reviewer's slips draw from their own seeded stream, not the fault RNG.
        seed = emu.clip_seed() if req.kind == "audio" or req.inline else 0
        try:
            reply = replies.build_reply(
                req,
                fault,
                page_pause_s=cfg.page_pause_s,
                realism=cfg.speech,
                seed=seed,
                memory=emu.memory,
                reviewing=cfg.review,
            )
        except replies.BadRequest as exc:
            record(400, fault)
            return google_error(400, "INVALID_ARGUMENT", str(exc))
        record(200, fault)
        model_version = cfg.for_model(model).model_version or model
        response_id = secrets.token_urlsafe(16)
        truth = reply.extra.get("speech_truth")
        if truth is not None:
            emu.keep_truth(response_id, {**truth.as_json(), "model": model, "fault": fault})
        if not stream:
            return JSONResponse(replies.response_body(reply, model_version, response_id))
        chunks = replies.stream_bodies(
            reply,
            model_version,
            response_id,
            audio_chunk_s=cfg.stream_audio_chunk_s,
            text_chunks=cfg.stream_text_chunks,
        )
        if alt == "sse":
            return StreamingResponse(_sse(chunks), media_type="text/event-stream")
        return JSONResponse(list(chunks))  # without alt=sse Google streams one JSON array

    def fault_error(fault: str, model: str, now: float) -> JSONResponse:
        if fault == "http_503":
            return google_error(503, "UNAVAILABLE", OVERLOADED)
        if fault == "timeout":
            if emu.config.timeout_fault_status == 504:
                return google_error(504, "DEADLINE_EXCEEDED", DEADLINE)
            return google_error(500, "INTERNAL", INTERNAL)
        if fault in ("quota_minute", "quota_day"):
            per: Literal["minute", "day"] = "day" if fault == "quota_day" else "minute"
            retry, limit = emu.quota_retry_s(model, per, now)
            return quota_error(emu.config, model, Violation(per, limit, retry))
        return google_error(500, "INTERNAL", INTERNAL)

    @app.get("/{version}/models")
    def list_models(
        version: str,
        key: str | None = Query(None),
        x_goog_api_key: str | None = Header(None),
    ) -> Response:
        if version not in API_VERSIONS:
            return google_error(404, "NOT_FOUND", f"Method not found: {version}/models")
        denied = auth_error(x_goog_api_key, key)
        if denied is not None:
            return denied
        return JSONResponse({"models": [describe(n) for n in model_names()]})

    @app.get("/{version}/models/{model}")
    def get_model(
        version: str,
        model: str,
        key: str | None = Query(None),
        x_goog_api_key: str | None = Header(None),
    ) -> Response:
        denied = auth_error(x_goog_api_key, key)
        if denied is not None:
            return denied
        if version not in API_VERSIONS or not model_known(model):
            return not_found(version, model)
        return JSONResponse(describe(model))

    # -- admin --
    @app.get("/_emulator/health")
    def health() -> dict[str, bool]:
        return {"ok": True}

    @app.get("/_emulator/speech")
    def all_speech_truth() -> list[dict[str, Any]]:
        return emu.speech_truth()  # type: ignore[no-any-return]

    @app.get("/_emulator/speech/{response_id}")
    def speech_truth(response_id: str) -> Response:
        truth = emu.speech_truth(response_id)
        if truth is None:
            return google_error(404, "NOT_FOUND", f"no speech clip {response_id!r} is kept")
        return JSONResponse({"response_id": response_id, **truth})

    @app.get("/_emulator/stats")
    def stats() -> dict[str, Any]:
        return emu.stats()

    @app.post("/_emulator/reset")
    def reset() -> dict[str, bool]:
        emu.reset()
        return {"ok": True}

    @app.post("/_emulator/faults")
    def push_faults(
        orders: FaultOrders | list[FaultOrder] = Body(...),  # noqa: B008
    ) -> dict[str, int]:
        items = orders.faults if isinstance(orders, FaultOrders) else orders
        return {"pending": emu.push_faults(items)}

    @app.get("/_emulator/config")
    def get_config() -> dict[str, Any]:
        return emu.config.model_dump(mode="json")

    @app.put("/_emulator/config")
    def put_config(config: EmulatorConfig) -> dict[str, Any]:
        emu.set_config(config)
        return config.model_dump(mode="json")

    return app
