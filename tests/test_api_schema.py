"""A bounded schemathesis run: requests generated from the OpenAPI schema, sent to a
real uvicorn server on 127.0.0.1 over a real store; no request may cause a server error
or a response that contradicts the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from faultlines.api import create_app, running

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(dev_db):
    with running(create_app(dev_db)) as url:
        yield schemathesis.openapi.from_url(f"{url}/openapi.json")


def test_no_server_errors(api_schema):
    """Up to 30 generated requests per operation (schemathesis strategies driven by
    Hypothesis directly: its pytest plugin does not support this pytest version)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call(timeout=30)
            assert response.status_code < 500, \
                f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
            case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])

        check()
