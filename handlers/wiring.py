"""Builds the service, the authenticator and the API from settings (opens the store)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from handlers.aws.secret import load_service_secret
from handlers.http.api import Api
from handlers.service.accounts import Authenticator, secret_users
from handlers.service.facade import Clock, Service, system_clock
from handlers.settings import Settings, load_settings
from metadata_clients.settings import ProviderSettings, build_clients
from storage.url import open_repository


@dataclass
class Wired:
    """Everything one process serves with."""

    service: Service
    authenticator: Authenticator
    api: Api


def build_service(settings: Settings | None = None, clock: Clock = system_clock) -> Service:
    """The service for these settings (default: the environment)."""
    settings = settings or load_settings()
    secret = load_service_secret(settings.secret_id)
    providers = ProviderSettings().with_secret(
        {k: str(v) for k, v in secret.items() if isinstance(v, str)}
    )
    # One pooled client for every provider; connect/read timeouts bound a stuck provider.
    http = httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0))
    # The store's clock is the service's, so records expire by the same "now" it uses.
    repo = open_repository(settings.storage_url(), clock=lambda: clock().timestamp())
    closers = [http.close]
    close_repo = getattr(repo, "close", None)
    if callable(close_repo):
        closers.append(close_repo)
    return Service(
        repo=repo,
        providers=build_clients(providers, http),
        settings=settings,
        clock=clock,
        closers=closers,
        secret_users=secret_users(secret),
    )


def build_api(settings: Settings | None = None, clock: Clock = system_clock) -> Wired:
    """The service plus the REST API in front of it."""
    service = build_service(settings, clock)
    authenticator = service.accounts.authenticator
    return Wired(service, authenticator, Api(service, authenticator))
