"""Contract tests, the web page's Terraform vs the page and the API it talks to (reads files)."""

from __future__ import annotations

import re
from typing import Any

from handlers.http.auth import COOKIE
from handlers.http.static import SECURITY_HEADERS, WEB_ROOT
from tests.infra.terraform_config import MODULE_DIR, as_list, load_module, reference

MODULE = load_module()
DISTRIBUTION = MODULE.resource("aws_cloudfront_distribution", "web")
FUNCTION = (MODULE_DIR / "web_api_function.js").read_text("utf-8")


def _block(value: Any) -> dict[str, Any]:
    found: dict[str, Any] = as_list(value)[0]
    return found


def test_every_file_of_the_page_is_uploaded_with_its_type_and_no_cache() -> None:
    files = MODULE.locals["web_files"]
    assert "/../../../web" in MODULE.locals["web_root"] and "fileset" in files
    shipped = {p.suffix for p in (WEB_ROOT / "assets").iterdir()} | {".html"}
    assert shipped - {".py"} <= set(MODULE.locals["web_content_types"])
    objects = MODULE.resource("aws_s3_object", "web")
    assert reference(objects["for_each"]) == "local.web_files"
    assert objects["cache_control"] == "no-cache"  # as `serve` answers: revalidate, then 304


def test_the_bucket_is_private_and_only_this_distribution_reads_it() -> None:
    block = MODULE.resource("aws_s3_bucket_public_access_block", "web")
    assert all(block[k] is True for k in ("block_public_acls", "block_public_policy",
                                           "ignore_public_acls", "restrict_public_buckets"))
    statement = _block(MODULE.data[("aws_iam_policy_document", "web_bucket")]["statement"])
    assert statement["actions"] == ["s3:GetObject"]
    principal = _block(statement["principals"])
    assert principal == {"type": "Service", "identifiers": ["cloudfront.amazonaws.com"]}
    condition = _block(statement["condition"])
    assert condition["variable"] == "AWS:SourceArn"
    assert as_list(condition["values"]) == ["${aws_cloudfront_distribution.web.arn}"]


def test_the_api_is_under_api_on_the_page_s_own_origin_and_never_cached() -> None:
    behaviours = [b for b in as_list(DISTRIBUTION["ordered_cache_behavior"])]
    (api,) = [b for b in behaviours if b["path_pattern"] == "/api/*"]
    assert api["target_origin_id"] == "api"
    assert "disabled" in api["cache_policy_id"]
    assert {"POST", "PUT", "PATCH", "DELETE"} <= set(api["allowed_methods"])
    association = _block(api["function_association"])
    assert association["event_type"] == "viewer-request"
    origins = {o["origin_id"]: o for o in as_list(DISTRIBUTION["origin"])}
    assert reference(origins["api"]["domain_name"]) == "var.domain_name"
    assert _block(DISTRIBUTION["default_cache_behavior"])["target_origin_id"] == "page"


def test_the_function_strips_api_and_carries_our_session_cookie() -> None:
    assert f"request.cookies['{COOKIE}']" in FUNCTION
    assert "'Session ' + cookie.value" in FUNCTION
    assert re.search(r"replace\(/\^\\/api", FUNCTION)


def test_the_page_gets_the_same_content_security_policy_as_on_serve() -> None:
    policy = MODULE.resource("aws_cloudfront_response_headers_policy", "web")
    csp = _block(_block(policy["security_headers_config"])["content_security_policy"])
    assert csp["content_security_policy"] == SECURITY_HEADERS["Content-Security-Policy"]
