"""Every resolver against answers in the shapes each service really gives, and against
malformed, truncated and odd-typed ones (fixtures/online/answers.json): a status, never an
exception, and only string fields from what a server says. All on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from verify.online.checks import Checker

from .test_online import options

CASES = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "online" /
                    "answers.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_resolver_reads_the_answer(httpserver: HTTPServer, tmp_path: Path, case: dict) -> None:
    httpserver.expect_request(case["path"]).respond_with_data(
        case["body"], status=case["status"], content_type=case["type"])
    with Checker(options(httpserver, tmp_path, use_cache=False)) as checker:
        check = checker.check(case["url"])
    for field, value in case["expect"].items():
        assert getattr(check, field) == value, (field, check)
    for field in ("author_name", "author_handle", "posted_at"):
        assert getattr(check, field) is None or isinstance(getattr(check, field), str)
    assert httpserver.log  # the answer was asked for, from the local server
