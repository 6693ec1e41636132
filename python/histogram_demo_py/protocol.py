"""What the CLI (src/apps/python/PythonApps.ts) sends on stdin, parsed without any third-party import.

Line 1 is a JSON header: the metric definitions (names, units, boundaries, label: the project's one
definition, src/metrics/definitions.ts, never retyped here), the apps to run and where they send.
Then one upload per line, ``file_type,bytes,seconds``, in the order of the project's seeded stream;
``flush`` asks for an export now and is answered ``flushed`` on stdout. End of input ends the run.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Literal

Aggregation = Literal["explicit", "exponential", "both"]
ExportKind = Literal["explicit", "exponential"]

FLUSH_COMMAND = "flush"
FLUSHED_REPLY = "flushed"
READY_REPLY = "ready"


@dataclass(frozen=True)
class HistogramSpec:
    name: str
    description: str
    unit: str
    """UCUM unit for OpenTelemetry (``By``, ``s``)."""
    boundaries: tuple[float, ...] | None
    """The Logfire app's finite upper bounds; None means the SDK's defaults (the ``otel-default`` layout)."""
    direct_boundaries: tuple[float, ...]
    """The direct app's: ``otel-default`` concerns the Logfire app only, the direct app keeps the seed's."""


@dataclass(frozen=True)
class CounterSpec:
    name: str
    """Prometheus name, ``_total`` included."""
    otel_name: str
    description: str
    unit: str


@dataclass(frozen=True)
class Export:
    kind: ExportKind
    url: str
    """Full OTLP/HTTP metrics URL, ``/v1/metrics`` included."""


@dataclass(frozen=True)
class DirectApp:
    host: str
    port: int


@dataclass(frozen=True)
class Header:
    service_name: str
    instance_id: str
    label: str
    histograms: tuple[HistogramSpec, ...]
    counter: CounterSpec
    aggregation: Aggregation
    exports: tuple[Export, ...]
    """Empty when the Logfire app does not run."""
    export_interval_ms: int
    direct: DirectApp | None
    """None when the prometheus_client app does not run."""
    observations: str | None


class ProtocolError(ValueError):
    """A header or upload line that is not what the CLI sends."""


@dataclass(frozen=True)
class Upload:
    file_type: str
    bytes: int
    seconds: float


def parse_header(line: str) -> Header:
    try:
        raw: dict[str, Any] = json.loads(line)
        histograms = tuple(
            HistogramSpec(
                name=str(entry["name"]),
                description=str(entry["description"]),
                unit=str(entry["unit"]),
                boundaries=None
                if entry["boundaries"] is None
                else tuple(float(b) for b in entry["boundaries"]),
                direct_boundaries=tuple(float(b) for b in entry["directBoundaries"]),
            )
            for entry in raw["histograms"]
        )
        counter = raw["counter"]
        direct = raw["direct"]
        aggregation = raw["aggregation"]
        if aggregation not in ("explicit", "exponential", "both"):
            raise ProtocolError(f"unknown aggregation {aggregation!r}")
        exports = tuple(Export(kind=e["kind"], url=str(e["url"])) for e in raw["exports"])
        if any(export.kind not in ("explicit", "exponential") for export in exports):
            raise ProtocolError(f"unknown export kind in {raw['exports']!r}")
        return Header(
            service_name=str(raw["serviceName"]),
            instance_id=str(raw["instanceId"]),
            label=str(raw["label"]),
            histograms=histograms,
            counter=CounterSpec(
                name=str(counter["name"]),
                otel_name=str(counter["otelName"]),
                description=str(counter["description"]),
                unit=str(counter["unit"]),
            ),
            aggregation=aggregation,
            exports=exports,
            export_interval_ms=int(raw["exportIntervalMs"]),
            direct=None if direct is None else DirectApp(host=str(direct["host"]), port=int(direct["port"])),
            observations=raw.get("observations"),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, ProtocolError):
            raise
        raise ProtocolError(f"bad header: {error!r}") from error


def parse_upload(line: str) -> Upload:
    fields = line.strip().split(",")
    if len(fields) != 3:
        raise ProtocolError(f'expected "file_type,bytes,seconds", got {line!r}')
    file_type, size, seconds = fields
    try:
        upload = Upload(file_type=file_type, bytes=int(size), seconds=float(seconds))
    except ValueError as error:
        raise ProtocolError(f'expected "file_type,bytes,seconds", got {line!r}') from error
    if file_type == "" or not math.isfinite(upload.seconds):
        raise ProtocolError(f'expected "file_type,bytes,seconds", got {line!r}')
    return upload


def js_number(value: float) -> str:
    """A number as JavaScript's ``String(value)`` writes it, so both SDKs write identical observation files.

    Both print the shortest text that reads back as the same double; they differ in the form: Python
    writes ``1.0`` where JavaScript writes ``1``, and switches to exponents at other magnitudes
    (JavaScript below 1e-6 and from 1e21, Python below 1e-4 and from 1e16).
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value == 0:
        return "0"
    magnitude = abs(value)
    if 1e-6 <= magnitude < 1e21:
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" not in text:
            return text
        # Python used an exponent where JavaScript does not: spell the digits out.
        return _plain(text)
    mantissa, exponent = repr(value).split("e") if "e" in repr(value) else (repr(value), "0")
    if mantissa.endswith(".0"):
        mantissa = mantissa[:-2]
    sign = "-" if int(exponent) < 0 else "+"
    return f"{mantissa}e{sign}{abs(int(exponent))}"


def _plain(text: str) -> str:
    from decimal import Decimal

    return format(Decimal(text), "f")


def format_observation(upload: Upload) -> str:
    """One line of an observations file (src/workload/observations.ts writes the same)."""
    return f"{upload.file_type},{upload.bytes},{js_number(upload.seconds)}"


OBSERVATIONS_HEADER = "file_type,bytes,seconds"
