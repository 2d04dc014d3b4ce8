"""The application factory: plugins, controllers, the PWA, error handling."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.compression import CompressionConfig
from litestar.datastructures import CacheControlHeader, State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.static_files import create_static_files_router
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.accountability.controllers import AccountabilityController
from safecampus.accounts.controllers import UserController
from safecampus.auth.controllers import AuthController
from safecampus.auth.identity import CurrentUser
from safecampus.auth.middleware import TokenAuthMiddleware
from safecampus.auth.ratelimit import LoginLimiter
from safecampus.checklists.controllers import ChecklistController
from safecampus.coverage.controllers import CoverageController, TermController
from safecampus.dashboard.controllers import DashboardController
from safecampus.db.engine import Database
from safecampus.delivery.controllers import ChannelController, DeliveryController
from safecampus.drills.controllers import DrillController
from safecampus.duty.controllers import DutyListController
from safecampus.errors import EXCEPTION_HANDLERS
from safecampus.guards import refuse_nul_characters
from safecampus.hazards.controllers import HazardController
from safecampus.health.controllers import HealthController
from safecampus.imports.controllers import ImportController
from safecampus.incidents.controllers import IncidentController
from safecampus.inspections.controllers import InspectionController
from safecampus.leaders.controllers import LeaderController
from safecampus.ledger.controllers import LedgerController
from safecampus.notices.controllers import NoticeController
from safecampus.notices.job import loop as notice_loop
from safecampus.openapi import document_errors, openapi_config
from safecampus.orders.controllers import SupervisionOrderController
from safecampus.orgs.controllers import OrgUnitController
from safecampus.photos.controllers import PhotoController
from safecampus.photos.storage import FileSystemPhotoStore
from safecampus.reference.controllers import ReferenceController
from safecampus.reports.controllers import AnnualReportController
from safecampus.security import security_headers
from safecampus.settings import Settings, load_settings
from safecampus.supervision.controllers import SupervisionController

# Everything under /api/v1 requires a bearer token unless a handler opts out (login).
API_V1_CONTROLLERS = [AccountabilityController, AnnualReportController, AuthController, ChannelController,
                      ChecklistController, CoverageController, DashboardController, DeliveryController,
                      DrillController, DutyListController, HazardController, ImportController, IncidentController,
                      InspectionController, LeaderController, LedgerController, NoticeController, OrgUnitController,
                      PhotoController, ReferenceController, SupervisionController, SupervisionOrderController,
                      TermController, UserController]


async def provide_db_session(request: Request[Any, Any, Any]) -> AsyncIterator[AsyncSession]:
    """One session per request. Services commit their own writes; anything left
    uncommitted (a failed request) is rolled back when the session closes. GET requests
    only read."""
    db: Database = request.app.state.db
    async with db.session(read_only=request.method in ("GET", "HEAD")) as session:
        yield session


def provide_current_user(request: Request[CurrentUser, Any, Any]) -> CurrentUser:
    return request.user


def create_app(settings: Settings | None = None, *, background_jobs: bool = False) -> Litestar:
    """``background_jobs``: run the notice job every ``notify_interval_seconds`` in this
    process (``safecampus serve``; never in tests)."""
    settings = settings or load_settings()
    logging.basicConfig(level=settings.log_level)

    async def open_database(app: Litestar) -> None:
        app.state.db = Database(settings.database_url)
        if background_jobs and settings.notify_interval_seconds > 0:
            app.state.notice_loop = asyncio.create_task(notice_loop(app.state.db, settings))

    async def close_database(app: Litestar) -> None:
        if task := getattr(app.state, "notice_loop", None):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await app.state.db.dispose()

    photo_store = FileSystemPhotoStore(settings.photo_dir)
    # no-cache: browsers revalidate (ETag) so a new service worker and shell are seen at
    # once; offline, the service worker's own cache serves the app.
    pwa = create_static_files_router(path="/", directories=[settings.pwa_dir], html_mode=True, name="pwa",
                                     include_in_schema=False, cache_control=CacheControlHeader(no_cache=True))
    app = Litestar(
        route_handlers=[
            Router("/api/v1", route_handlers=API_V1_CONTROLLERS, middleware=[DefineMiddleware(TokenAuthMiddleware)],
                   before_request=refuse_nul_characters),
            HealthController,
            pwa,
        ],
        dependencies={
            "db_session": Provide(provide_db_session),
            "current_user": Provide(provide_current_user, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
            "photo_store": Provide(lambda: photo_store, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_send=[security_headers(settings.map_tiles)],  # CSP, nosniff, frame denial: every response
        on_startup=[open_database],
        on_shutdown=[close_database],
        state=State({
            "login_limiter": LoginLimiter(settings.login_attempts_per_username, settings.login_attempts_per_client,
                                          settings.login_window_seconds),
        }),
        openapi_config=openapi_config(),
        request_max_body_size=settings.max_body_bytes,
        # gzip for the app shell and JSON (a phone's first load: ~300 KB -> ~100 KB). Not for
        # photos (JPEG does not shrink) nor sign-in answers (no secrets beside echoed input).
        compression_config=CompressionConfig(backend="gzip", gzip_compress_level=6,
                                             exclude=["^/api/v1/photos", "^/api/v1/auth"]),
    )
    document_errors(app.openapi_schema)
    return app


def create_served_app() -> Litestar:
    """What ``safecampus serve --workers N`` builds in each worker process."""
    return create_app(background_jobs=True)
