import io
import json
from urllib.request import urlopen

import pytest
from opentelemetry.sdk.metrics.view import (
    ExplicitBucketHistogramAggregation,
    ExponentialBucketHistogramAggregation,
)

from histogram_demo_py.__main__ import main
from histogram_demo_py.apps import DirectApp, logfire_views
from histogram_demo_py.protocol import Upload, parse_header


def test_exponential_keeps_logfires_own_views(header_fields):
    views = logfire_views(parse_header(json.dumps({**header_fields, "aggregation": "exponential"})))
    assert any(isinstance(view._aggregation, ExponentialBucketHistogramAggregation) for view in views)


def test_explicit_gives_each_histogram_a_view_with_its_boundaries(header_fields):
    views = logfire_views(parse_header(json.dumps({**header_fields, "aggregation": "explicit"})))
    assert not any(isinstance(view._aggregation, ExponentialBucketHistogramAggregation) for view in views)
    explicit = {
        view._instrument_name: view._aggregation
        for view in views
        if isinstance(view._aggregation, ExplicitBucketHistogramAggregation)
    }
    assert explicit["uploaded_file_bytes"]._boundaries == [100000.0, 500000.0, 1000000.0]
    # No boundaries (otel-default): the SDK's defaults.
    assert explicit["http_request_duration_seconds"]._boundaries is None


def test_both_leaves_histograms_to_each_reader(header_fields):
    views = logfire_views(parse_header(json.dumps({**header_fields, "aggregation": "both"})))
    assert not any(
        isinstance(
            view._aggregation, (ExplicitBucketHistogramAggregation, ExponentialBucketHistogramAggregation)
        )
        for view in views
    )


@pytest.fixture
def direct(header_fields):
    app = DirectApp(parse_header(json.dumps(header_fields)))
    yield app
    app.shutdown()


def test_the_direct_app_serves_cumulative_buckets_under_the_seed_names(direct):
    for upload in [
        Upload("small", 50_000, 0.2),
        Upload("small", 400_000, 0.3),
        Upload("large", 9_000_000, 1.2),
    ]:
        direct.record(upload)
    port = direct._server.server_address[1]
    text = urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    # By hand: small 50 kB and 400 kB; bounds 100 kB, 500 kB, 1 MB.
    assert 'uploaded_file_bytes_bucket{file_type="small",le="100000.0"} 1.0' in text
    assert 'uploaded_file_bytes_bucket{file_type="small",le="500000.0"} 2.0' in text
    assert 'uploaded_file_bytes_bucket{file_type="large",le="+Inf"} 1.0' in text
    assert 'http_request_duration_seconds_bucket{file_type="small",le="0.25"} 1.0' in text
    assert 'file_uploads_total{file_type="small"} 2.0' in text
    assert "_created" not in text


def test_main_records_the_stream_and_writes_the_observations(header_fields, tmp_path, capsys):
    observations = tmp_path / "observations.csv"
    header = {**header_fields, "observations": str(observations)}
    stdin = io.StringIO(f"{json.dumps(header)}\nsmall,12345,0.35\nflush\nlarge,9000000,1.0\n")
    assert main(stdin) == 0
    assert capsys.readouterr().out.split() == ["ready", "flushed"]
    assert observations.read_text() == "file_type,bytes,seconds\nsmall,12345,0.35\nlarge,9000000,1\n"


def test_main_refuses_a_bad_upload_line_with_its_own_exit_code(header_fields, capsys):
    stdin = io.StringIO(f"{json.dumps(header_fields)}\nsmall;1;2\n")
    assert main(stdin) == 4
    assert "file_type,bytes,seconds" in capsys.readouterr().err
