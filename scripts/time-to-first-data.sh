#!/usr/bin/env bash
# Measures how long after `npm start` Prometheus holds the seed's series of all three pipelines:
# starts it in the background, polls the Prometheus API every 0.5 s, prints the elapsed time,
# then stops the apps and the stack (own state folder, removed after). Needs the default ports free. Usage: bash scripts/time-to-first-data.sh
set -euo pipefail
cd "$(dirname "$0")/.."
query='count(logfire_uploaded_file_bytes_count) + count(uploaded_file_bytes_count) + count(histogram_count(logfire_native_uploaded_file_bytes))'
# A fresh state folder: an existing TSDB would answer with the previous run's series.
state=$(mktemp -d)
start=$(date +%s.%N)
# Its own process group, so that stopping it stops npm and the apps it started.
setsid npm start -- --state-dir "$state" > /tmp/histogram-demo-start.log 2>&1 &
app=$!
trap 'kill -- "-$app" 2>/dev/null || true; sleep 1; node bin/histogram-demo.js clean --state-dir "$state" >/dev/null' EXIT
for _ in $(seq 240); do
  if curl -sf http://127.0.0.1:9090/api/v1/query --data-urlencode "query=$query" | grep -q '"value"'; then
    echo "all three pipelines' series in Prometheus $(echo "$(date +%s.%N) - $start" | bc) s after npm start"
    exit 0
  fi
  sleep 0.5
done
echo "no data after 120 s; see /tmp/histogram-demo-start.log" >&2
exit 1
