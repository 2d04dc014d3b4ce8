from __future__ import annotations

from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.openapi import ResponseSpec
from sqlalchemy import text

from safecampus import __version__
from safecampus.db.engine import Database
from safecampus.schemas import Schema


class Health(Schema):
    status: str
    database: str
    version: str


class HealthController(Controller):
    path = "/api/health"
    tags = ["health"]

    @get("/", operation_id="health",
         responses={503: ResponseSpec(Health, description="The database does not answer")},
         summary="Whether the service and its database answer (503 when the database does not).")
    async def health(self, state: State) -> Response[Health]:
        db: Database = state.db
        try:
            async with db.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any database failure means "not ready"
            return Response(Health(status="degraded", database="unreachable", version=__version__), status_code=503)
        return Response(Health(status="ok", database="ok", version=__version__))
