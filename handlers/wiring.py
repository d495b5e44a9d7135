"""Builds the service, the authenticator and the API from settings (opens the store).

Where secrets come from is the caller's to say: the Lambda entries pass their Secrets
Manager reader, local processes pass :func:`no_secret` (their users live in the store, their
provider keys and Telegram token in the environment), so nothing here needs ``boto3``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from handlers.service import Authenticator, Clock, Service, secret_users, system_clock
from handlers.settings import Settings, load_settings
from storage.url import open_repository

if TYPE_CHECKING:
    from handlers.http.api import Api

SecretLoader = Callable[[str | None], Mapping[str, Any]]
"""The service secret document named by ``Settings.secret_id`` (``{}`` when there is none)."""


def no_secret(_secret_id: str | None) -> Mapping[str, Any]:
    """The secret of a local process: none (settings and the store hold everything)."""
    return {}


@dataclass
class Wired:
    """Everything one process serves with."""

    service: Service
    authenticator: Authenticator
    api: Api


def build_service(
    settings: Settings | None = None,
    clock: Clock = system_clock,
    secrets: SecretLoader = no_secret,
) -> Service:
    """The service for these settings (default: the environment) and their secret."""
    # The provider clients and httpx load when a service is built: importing a Lambda's
    # entry (which imports this module) pays for none of them.
    import httpx

    from metadata_clients.settings import ProviderSettings, build_clients

    settings = settings or load_settings()
    secret = secrets(settings.secret_id)
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


def build_api(
    settings: Settings | None = None,
    clock: Clock = system_clock,
    secrets: SecretLoader = no_secret,
) -> Wired:
    """The service plus the REST API in front of it."""
    # Only the API's processes need the router: the bot's Lambdas and the commands built
    # with build_service never load it.
    from handlers.http.api import Api

    service = build_service(settings, clock, secrets)
    authenticator = service.accounts.authenticator
    return Wired(service, authenticator, Api(service, authenticator))
