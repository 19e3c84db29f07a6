"""`GET /api/jobs/{id}/stream`: the job's progress as Server-Sent Events."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from litestar import Request, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, HeaderParameter
from litestar.response import ServerSentEventMessage, Stream

from jiraex_api.deps import ApiDeps, Db, Deps
from jiraex_api.openapi import AUTHENTICATED, problems
from jiraex_api.services.errors import InvalidInput
from jiraex_api.services.job_stream import Frame, StreamContext, StreamTimings, follow_job, snapshot_of
from jiraex_api.services.jobs import visible_job
from jiraex_api.services.principal import Principal
from jiraex_api.services.stream_hub import StreamHub
from jiraex_shared.eventstream import parse_stream_id

UserRequest = Request[Principal, str, Any]
STREAM_RESPONSE = ResponseSpec(
    data_container=str, media_type="text/event-stream", generate_examples=False,
    description="`id:` the stream id, `event:` the event type (job.snapshot, job.progressed, job.succeeded …), "
    "`data:` the event as JSON; `:` comment lines are heartbeats",
)
LastEventId = Annotated[
    str | None,
    HeaderParameter(name="Last-Event-ID", required=False, max_length=64, pattern=r"^[0-9]{1,20}-[0-9]{1,20}$",
                    description="resume after this stream id (browsers send it when they reconnect)"),
]


def stream_hub(state: State, deps: ApiDeps) -> StreamHub:
    """The process's hub (one per app), created on first use."""
    hub = getattr(state, "stream_hub", None)
    if hub is None:
        hub = StreamHub(deps.events)
        state.stream_hub = hub
    return hub


@get("/api/jobs/{job_id:uuid}/stream", media_type="text/event-stream", security=AUTHENTICATED, tags=["jobs"],
     responses={**problems(401, 404, 422), 200: STREAM_RESPONSE})
async def job_stream(
    request: UserRequest, job_id: FromPath[uuid.UUID], deps: Deps, db: Db, last_event_id: LastEventId = None,
) -> Stream:
    """``job.snapshot`` first, then every event after ``Last-Event-ID`` (``id:`` is the stream id), live until the
    terminal event. Heartbeat comments every 15 s; progress totals never go down (the highest value seen is
    kept); the session and the job are re-checked every 30 s."""
    if last_event_id is not None:
        try:
            parse_stream_id(last_event_id)
        except ValueError as error:
            raise InvalidInput(f"Last-Event-ID: {error}") from None
    job = await visible_job(db, request.user, job_id)
    snapshot = snapshot_of(job)
    await db.rollback()  # the stream may last minutes: hold no transaction
    state = request.app.state
    ctx = StreamContext(
        sessions=deps.sessions, events=deps.events, hub=stream_hub(state, deps), clock=deps.accounts.clock,
        timings=getattr(state, "stream_timings", None) or StreamTimings(),
    )
    # A plain Stream of encoded messages: Litestar's ServerSentEvent first hops to a worker thread for every new
    # connection, which a thousand clients connecting at once would queue behind.
    return Stream(_encoded(follow_job(ctx, request.user, snapshot, last_event_id)), media_type="text/event-stream",
                  headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def _encoded(frames: AsyncIterator[Frame]) -> AsyncIterator[bytes]:
    async for frame in frames:
        if frame.event is None:
            yield ServerSentEventMessage(data=None, comment=frame.comment).encode()
        else:
            yield ServerSentEventMessage(data=frame.data, event=frame.event, id=frame.id, retry=frame.retry).encode()


job_stream_routes = [job_stream]
