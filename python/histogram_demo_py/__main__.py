"""``python -m histogram_demo_py``: reads the header and the upload stream on stdin (see protocol.py)."""

from __future__ import annotations

import errno
import signal
import sys
from types import FrameType
from typing import TextIO

from .protocol import (
    FLUSH_COMMAND,
    FLUSHED_REPLY,
    OBSERVATIONS_HEADER,
    READY_REPLY,
    ProtocolError,
    format_observation,
    parse_header,
    parse_upload,
)

EXIT_PORT_IN_USE = 3
EXIT_PROTOCOL = 4


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM ends the run like Ctrl-C: through the finally below, which flushes.
    raise KeyboardInterrupt


def reply(line: str) -> None:
    print(line, flush=True)


def main(stdin: TextIO = sys.stdin) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        header = parse_header(stdin.readline())
    except ProtocolError as error:
        print(f"histogram_demo_py: {error}", file=sys.stderr)
        return EXIT_PROTOCOL
    # Imported after the header is read: a bad header fails fast, without loading the SDKs.
    from .apps import DirectApp, LogfireApp, Recorder

    recorders: list[Recorder] = []
    observations: TextIO | None = None
    try:
        if header.direct is not None:
            try:
                recorders.append(DirectApp(header))
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
                print(f"port {header.direct.host}:{header.direct.port} is in use", file=sys.stderr)
                return EXIT_PORT_IN_USE
        if header.exports:
            recorders.append(LogfireApp(header))
        if header.observations:
            # Line-buffered: an interrupted run keeps every upload it recorded.
            observations = open(header.observations, "w", buffering=1, encoding="utf-8")  # noqa: SIM115
            observations.write(f"{OBSERVATIONS_HEADER}\n")
        reply(READY_REPLY)
        for line in stdin:
            text = line.strip()
            if text == "":
                continue
            if text == FLUSH_COMMAND:
                for recorder in recorders:
                    recorder.flush()
                reply(FLUSHED_REPLY)
                continue
            upload = parse_upload(text)
            for recorder in recorders:
                recorder.record(upload)
            if observations is not None:
                observations.write(f"{format_observation(upload)}\n")
    except KeyboardInterrupt:
        pass
    except ProtocolError as error:
        print(f"histogram_demo_py: {error}", file=sys.stderr)
        return EXIT_PROTOCOL
    finally:
        # A second Ctrl-C during the final export is not an error either: the export is bounded.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if observations is not None:
            observations.close()
        for recorder in recorders:
            recorder.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
