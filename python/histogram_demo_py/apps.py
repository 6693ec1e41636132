"""The seed's two Python apps: Pydantic Logfire (``send_to_logfire=False``) and prometheus_client."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Protocol

import logfire
import prometheus_client
from opentelemetry import metrics
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.sdk.metrics import (
    Counter,
    Histogram,
    ObservableCounter,
    ObservableUpDownCounter,
    UpDownCounter,
)
from opentelemetry.sdk.metrics.export import (
    AggregationTemporality,
    MetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.metrics.view import (
    Aggregation,
    ExplicitBucketHistogramAggregation,
    ExponentialBucketHistogramAggregation,
    View,
)

from .protocol import Export, Header, Upload

EXPORT_TIMEOUT_MS = 5_000
"""Bounded, so that Ctrl-C with the collector down still ends promptly."""


class Recorder(Protocol):
    def record(self, upload: Upload) -> None: ...
    def flush(self) -> None: ...
    def shutdown(self) -> None: ...


def logfire_views(header: Header) -> Sequence[View]:
    """Logfire's default views, whose histogram view makes every histogram exponential, kept for
    ``exponential``; for ``explicit`` that view gives way to one View per histogram with the
    definition's boundaries; for ``both`` each reader chooses (the instruments carry the boundaries)."""
    defaults = logfire.MetricsOptions.DEFAULT_VIEWS
    if header.aggregation == "exponential":
        return defaults
    others = [view for view in defaults if view._instrument_type is not Histogram]
    if header.aggregation == "both":
        return others
    return [
        *others,
        *(
            View(
                instrument_name=spec.name,
                # No boundaries (the otel-default layout): the SDK's default explicit buckets.
                aggregation=ExplicitBucketHistogramAggregation(
                    list(spec.boundaries) if spec.boundaries is not None else None
                ),
            )
            for spec in header.histograms
        ),
    ]


def _reader(export: Export, interval_ms: int) -> MetricReader:
    histogram: Aggregation = (
        ExponentialBucketHistogramAggregation()
        if export.kind == "exponential"
        else ExplicitBucketHistogramAggregation()
    )
    exporter = OTLPMetricExporter(
        endpoint=export.url,
        timeout=EXPORT_TIMEOUT_MS / 1000,
        # Cumulative, the OpenTelemetry default, stated because both receivers rely on it: the
        # collector's prometheus exporter and Prometheus' OTLP receiver drop delta points by default.
        preferred_temporality={
            kind: AggregationTemporality.CUMULATIVE
            for kind in (Counter, UpDownCounter, Histogram, ObservableCounter, ObservableUpDownCounter)
        },
        preferred_aggregation={Histogram: histogram},
    )
    return PeriodicExportingMetricReader(
        exporter,
        export_interval_millis=interval_ms,
        export_timeout_millis=min(interval_ms, EXPORT_TIMEOUT_MS),
    )


class LogfireApp:
    """The seed's ``main.py``: ``logfire.configure(send_to_logfire=False)`` and our readers.

    Logfire's own reader exports to ``OTEL_EXPORTER_OTLP_ENDPOINT`` when it is set; the CLI has
    already resolved that variable into ``header.exports`` and removes it from our environment,
    so each point is sent once, by the readers below.
    """

    def __init__(self, header: Header) -> None:
        self._urls = [export.url for export in header.exports]
        self._readers = [_reader(export, header.export_interval_ms) for export in header.exports]
        logfire.configure(
            send_to_logfire=False,
            service_name=header.service_name,
            console=False,
            inspect_arguments=False,
            # Stable across restarts, like a scrape target's address: a restarted app continues its series.
            resource_attributes={"service.instance.id": header.instance_id},
            metrics=logfire.MetricsOptions(additional_readers=self._readers, views=logfire_views(header)),
        )
        self._label = header.label
        # The OpenTelemetry API's meter (the provider logfire.configure installed): logfire's own
        # metric_histogram() does not pass the boundaries advice that `both` needs.
        meter = metrics.get_meter(header.service_name)
        self._histograms = [
            meter.create_histogram(
                spec.name,
                unit=spec.unit,
                description=spec.description,
                # Read by the explicit reader of `both` (and ignored under the exponential view).
                **({"explicit_bucket_boundaries_advisory": list(spec.boundaries)} if spec.boundaries else {}),
            )
            for spec in header.histograms
        ]
        self._uploads = meter.create_counter(
            header.counter.otel_name, unit=header.counter.unit, description=header.counter.description
        )

    def record(self, upload: Upload) -> None:
        attributes = {self._label: upload.file_type}
        bytes_histogram, seconds_histogram = self._histograms
        bytes_histogram.record(upload.bytes, attributes)
        seconds_histogram.record(upload.seconds, attributes)
        self._uploads.add(1, attributes)

    def flush(self) -> None:
        for reader in self._readers:
            try:
                reader.force_flush(timeout_millis=EXPORT_TIMEOUT_MS)
            except Exception as error:  # the SDK raises a bare Exception when a reader times out
                _undelivered(self._urls, error)

    def shutdown(self) -> None:
        # Flushes every reader, ours included, then stops them.
        try:
            logfire.shutdown(timeout_millis=EXPORT_TIMEOUT_MS, flush=True)
        except Exception as error:
            _undelivered(self._urls, error)


def _undelivered(urls: Sequence[str], error: Exception) -> None:
    print(
        f"Python Logfire app: the export to {' and '.join(urls)} failed ({error}); "
        "uploads recorded since the last delivered export did not arrive",
        file=sys.stderr,
    )


class DirectApp:
    """The seed's ``main-prometheus.py``: prometheus_client histograms served on ``/metrics``."""

    def __init__(self, header: Header) -> None:
        assert header.direct is not None
        # Without `_created` series, as prom-client: the same families in both SDKs' direct app.
        prometheus_client.disable_created_metrics()
        self.registry = prometheus_client.CollectorRegistry()
        self._histograms = [
            prometheus_client.Histogram(
                spec.name,
                spec.description,
                [header.label],
                registry=self.registry,
                buckets=spec.direct_boundaries,
            )
            for spec in header.histograms
        ]
        counter_name = header.counter.name.removesuffix("_total")
        self._uploads = prometheus_client.Counter(
            counter_name, header.counter.description, [header.label], registry=self.registry
        )
        # Binds before anything is recorded: a port in use fails the run first (OSError).
        self._server, self._thread = prometheus_client.start_http_server(
            header.direct.port, addr=header.direct.host, registry=self.registry
        )
        self.url = f"http://{header.direct.host}:{header.direct.port}/metrics"

    def record(self, upload: Upload) -> None:
        bytes_histogram, seconds_histogram = self._histograms
        bytes_histogram.labels(upload.file_type).observe(upload.bytes)
        seconds_histogram.labels(upload.file_type).observe(upload.seconds)
        self._uploads.labels(upload.file_type).inc()

    def flush(self) -> None:
        """Nothing to deliver: Prometheus scrapes."""

    def shutdown(self) -> None:
        self._server.shutdown()
        self._server.server_close()
