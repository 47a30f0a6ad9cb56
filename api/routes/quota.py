"""Provider quota state shared by every run worker: the models blocked for the day.

A per-day 429 blocks a model for every host until one probe request passes (lib/quota.py).
When the quota has been raised, or the operator knows it has reset, they lift the block here
instead of waiting for the next probe."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from api.deps import ApiKey, PostKey
from api.errors import responses
from moretale_assets.lib.quota import Block, Pacer

router = APIRouter(prefix="/api/quota", tags=["quota"])


class QuotaState(BaseModel):
    blocks: list[Block] = Field(description="Models refused for the day, on every host.")


class Lifted(BaseModel):
    model: str
    lifted: bool = Field(description="False when the model was not blocked.")


def pacer(state: Any) -> Pacer:
    """The quota store the run workers use (the same pacing_url / pacing_path settings)."""
    if getattr(state, "pacer", None) is None:
        s = state.settings
        state.pacer = Pacer(s.pacing_path, url=s.pacing_url)
    return state.pacer


@router.get(
    "",
    response_model=QuotaState,
    responses=responses(401, 403, 422, 500),
    summary="Models blocked after a per-day quota error, with the reset time and next probe",
)
def get_quota(request: Request, _key: ApiKey) -> QuotaState:
    return QuotaState(blocks=pacer(request.app.state).blocks())


@router.delete(
    "/blocks/{model}",
    response_model=Lifted,
    responses=responses(401, 403, 413, 422, 429, 500),
    summary="Lift a model's day block (after raising the quota): requests go out again",
)
def lift_block(
    request: Request,
    _key: PostKey,
    model: Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,100}$", description="Model id")],
) -> Lifted:
    return Lifted(model=model, lifted=pacer(request.app.state).lift(model))


def readiness(state: Any) -> dict[str, object]:
    """What /readyz reports about providers: the configured models and any day blocks."""
    models = state.settings.models()
    try:
        blocks = [b.message for b in pacer(state).blocks()]
    except Exception as exc:  # an unreachable quota store is reported, not fatal to the API
        blocks = [f"quota state unavailable: {type(exc).__name__}: {str(exc)[:200]}"]
    return {"models": models, "quota_blocks": blocks}
