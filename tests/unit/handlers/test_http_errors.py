"""The error→status table: every service error has one status; a sync report's status."""

from __future__ import annotations

import json

import pytest

from handlers.aws.secret import SecretUnreadable
from handlers.http import errors as http_errors
from handlers.http.errors import STATUS_OF, report_status, status_of
from handlers.http.responses import ErrorBody
from handlers.service.catalog.sync_report import FailedItem, SyncReport
from handlers.service.core import errors as service_errors
from handlers.service.core.errors import ServiceError
from storage.repository import StorageUnavailable, VersionConflict
from tests.unit.handlers.router_harness import router


def _service_errors() -> list[type[ServiceError]]:
    found = [
        value
        for value in vars(service_errors).values()
        if isinstance(value, type) and issubclass(value, ServiceError) and value is not ServiceError
    ]
    return [*found, SecretUnreadable]


@pytest.mark.parametrize("kind", _service_errors(), ids=lambda kind: kind.__name__)
def test_every_service_error_answers_with_a_client_or_availability_status(
    kind: type[ServiceError],
) -> None:
    assert status_of(kind("x")) in {400, 401, 403, 404, 409, 413, 429, 422, 503}
    assert not hasattr(kind, "status"), "statuses live in handlers.http.errors only"


def test_each_listed_error_has_exactly_one_status_and_unknown_errors_are_500() -> None:
    assert len(STATUS_OF) == len(set(STATUS_OF))
    assert status_of(StorageUnavailable("busy")) == 503
    assert status_of(VersionConflict("USER#a", "SHOW#b")) == 500
    assert status_of(ValueError("bug")) == 500


def test_a_missing_provider_key_is_422_wherever_it_shows_up() -> None:
    assert status_of(service_errors.ProviderNotConfigured("no key")) == 422
    report = SyncReport(failed=[FailedItem("a", "No YouTube API key is configured.")])
    report.provider_not_configured = True
    assert report_status(report) == http_errors.PROVIDER_NOT_CONFIGURED_STATUS == 422


def test_report_status_ranks_an_outage_above_unknown_ids() -> None:
    assert report_status(SyncReport()) == 200
    unknown = SyncReport(failed=[FailedItem("a", "no such video")])
    assert report_status(unknown) == 422
    unknown.provider_unavailable = True
    assert report_status(unknown) == 503


def test_an_answer_with_a_lone_surrogate_still_encodes_as_utf8() -> None:
    with router() as api:
        response = api.send(ErrorBody(message="bad \udc80 and 日本"), 400)
        response.body.encode("utf-8")
        assert json.loads(response.body) == {"message": "bad \udc80 and 日本"}
        plain = api.send(ErrorBody(message="日本"), 400)
        assert plain.body == '{"message": "日本"}'
