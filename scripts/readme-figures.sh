#!/usr/bin/env bash
# Produces the README's verify table and report screenshot from a real run:
# a throwaway native stack on its own ports, all three pipelines fed 5000 uploads (seed 42),
# then `verify` with the observations file. Writes docs/verify-output.txt,
# docs/verify-report.html and docs/verify-report.png. Usage: bash scripts/readme-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cli="node bin/histogram-demo.js"
state=$(mktemp -d)
trap '$cli clean --state-dir "$state" >/dev/null 2>&1 || true; kill "$apps" 2>/dev/null || true' EXIT
ports=(--state-dir "$state" --otlp-grpc-port 34317 --otlp-http-port 34318 --otlp-exponential-port 34319
  --collector-port 38889 --collector-native-port 38890 --health-port 33133 --prometheus-port 39090
  --grafana-port 33000 --app-port 38001)
$cli stack up --native "${ports[@]}"
OTEL_METRIC_EXPORT_INTERVAL=1000 $cli run both --aggregation both --count 5000 --seed 42 --stay \
  --port 38001 --otlp-endpoint http://127.0.0.1:34318 --otlp-exponential-endpoint http://127.0.0.1:34319 \
  --observations docs/observations-seed42.csv > "$state/apps.log" 2>&1 &
apps=$!
# Until every pipeline's count reached Prometheus (scrapes every 5 s).
for _ in $(seq 60); do
  if $cli verify --prometheus-url http://127.0.0.1:39090 --observations docs/observations-seed42.csv \
    --require logfire,direct,native --summary > docs/verify-output.txt 2>&1; then break; fi
  sleep 1
done
cat docs/verify-output.txt
$cli verify --prometheus-url http://127.0.0.1:39090 --observations docs/observations-seed42.csv \
  --require logfire,direct,native --html docs/verify-report.html > /dev/null
node scripts/screenshot.mjs docs/verify-report.html docs/verify-report.png
