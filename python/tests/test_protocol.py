import json

import pytest

from histogram_demo_py.protocol import (
    ProtocolError,
    Upload,
    format_observation,
    js_number,
    parse_header,
    parse_upload,
)


def test_the_header_carries_the_definitions_the_cli_sends(header_line):
    header = parse_header(header_line)
    assert [spec.name for spec in header.histograms] == [
        "uploaded_file_bytes",
        "http_request_duration_seconds",
    ]
    assert header.histograms[0].boundaries == (100000.0, 500000.0, 1000000.0)
    # otel-default: no boundaries for Logfire, the seed's for the direct app.
    assert header.histograms[1].boundaries is None
    assert header.histograms[1].direct_boundaries == (0.1, 0.25, 0.5, 1.0)
    assert header.counter.otel_name == "file_uploads"
    assert header.direct is not None and header.direct.port == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aggregation": "linear"}, "aggregation"),
        ({"exports": [{"kind": "delta", "url": "http://x"}]}, "export kind"),
        ({"histograms": None}, "bad header"),
    ],
)
def test_a_header_that_is_not_the_clis_is_refused(header_fields, change, message):
    with pytest.raises(ProtocolError, match=message):
        parse_header(json.dumps({**header_fields, **change}))


def test_a_header_that_is_not_json_is_refused():
    with pytest.raises(ProtocolError):
        parse_header("small,1,2\n")


def test_an_upload_line_reads_back_the_exact_double():
    assert parse_upload("medium,1234567,0.6234567890123456\n") == Upload(
        "medium", 1234567, 0.6234567890123456
    )


@pytest.mark.parametrize(
    "line", ["small,1", "small,x,0.5", ",1,0.5", "small,1,nan", "small,1,0.5,9", "small,1.5,2"]
)
def test_a_malformed_upload_line_is_refused(line):
    with pytest.raises(ProtocolError):
        parse_upload(line)


@pytest.mark.parametrize(
    ("value", "javascript"),
    [
        # What node -p 'String(x)' prints for each, worked out by hand from JavaScript's Number::toString.
        (0.35, "0.35"),
        (1.0, "1"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.30000000000000004"),
        (10.6, "10.6"),
        (1e16, "10000000000000000"),
        (1.5e-5, "0.000015"),
        (1.5e-7, "1.5e-7"),
        (1e21, "1e+21"),
        (1.25e22, "1.25e+22"),
        (-0.5, "-0.5"),
        (0.0, "0"),
    ],
)
def test_numbers_are_written_as_javascript_writes_them(value, javascript):
    assert js_number(value) == javascript


def test_an_observation_line_matches_the_node_apps_format():
    assert format_observation(Upload("very_large", 73000000, 7.8)) == "very_large,73000000,7.8"
