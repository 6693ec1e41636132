import json
from typing import Any

import pytest


@pytest.fixture
def header_fields() -> dict[str, Any]:
    """A header as src/apps/python/PythonApps.ts writes it (seed boundaries, both apps)."""
    return {
        "serviceName": "histogram-demo",
        "instanceId": "test",
        "label": "file_type",
        "histograms": [
            {
                "name": "uploaded_file_bytes",
                "description": "Size of uploaded files in bytes",
                "unit": "By",
                "boundaries": [100000, 500000, 1000000],
                "directBoundaries": [100000, 500000, 1000000],
            },
            {
                "name": "http_request_duration_seconds",
                "description": "Duration of file upload requests in seconds",
                "unit": "s",
                "boundaries": None,
                "directBoundaries": [0.1, 0.25, 0.5, 1],
            },
        ],
        "counter": {
            "name": "file_uploads_total",
            "otelName": "file_uploads",
            "description": "Total number of file uploads",
            "unit": "{upload}",
        },
        "aggregation": "exponential",
        "exports": [],
        "exportIntervalMs": 5000,
        "direct": {"host": "127.0.0.1", "port": 0},
        "observations": None,
    }


@pytest.fixture
def header_line(header_fields: dict[str, Any]) -> str:
    return json.dumps(header_fields)
