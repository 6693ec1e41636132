#!/usr/bin/env bash
# Produces the README's verify table and report screenshot from a real run:
# a throwaway native stack on its own ports, all four pipelines fed 5000 uploads (seed 42; the `otlp` one
# through Prometheus' own OTLP receiver),
# then `verify` with the observations file and two thresholds (the SLO question: a bucket boundary and a
# value between boundaries). Writes docs/verify-output.txt, docs/verify-report.html and
# docs/verify-report.png. Usage: bash scripts/readme-figures.sh
# FIGURES_PORT_BASE=N puts the stack on ports N to N+9 (on a shared machine, a range of your own).
set -euo pipefail
cd "$(dirname "$0")/.."
cli="node bin/histogram-demo.js"
state=$(mktemp -d)
trap '$cli clean --state-dir "$state" >/dev/null 2>&1 || true; kill "$apps" 2>/dev/null || true' EXIT
if [ -n "${FIGURES_PORT_BASE:-}" ]; then
  b=$FIGURES_PORT_BASE
  grpc=$b http=$((b + 1)) exponential=$((b + 2)) collector=$((b + 3)) native=$((b + 4)) health=$((b + 5))
  prometheus=$((b + 6)) grafana=$((b + 7)) app=$((b + 8)) dashboards=$((b + 9))
else
  grpc=34317 http=34318 exponential=34319 collector=38889 native=38890 health=33133
  prometheus=39090 grafana=33000 app=38001 dashboards=33001
fi
ports=(--state-dir "$state" --otlp-grpc-port "$grpc" --otlp-http-port "$http" --otlp-exponential-port "$exponential"
  --collector-port "$collector" --collector-native-port "$native" --health-port "$health"
  --prometheus-port "$prometheus" --grafana-port "$grafana" --app-port "$app" --dashboards-port "$dashboards")
$cli stack up --native "${ports[@]}"
OTEL_METRIC_EXPORT_INTERVAL=1000 $cli run both --aggregation both --count 5000 --seed 42 --stay \
  --port "$app" --otlp-endpoint "http://127.0.0.1:$http" --otlp-exponential-endpoint "http://127.0.0.1:$exponential" \
  --prometheus-otlp-endpoint "http://127.0.0.1:$prometheus/api/v1/otlp" --observations docs/observations-seed42.csv > "$state/apps.log" 2>&1 &
apps=$!
# 1 s is a bucket boundary of the durations' classic layout; 3 s lies between 2.5 and 5.
thresholds=(--threshold http_request_duration_seconds=1 --threshold http_request_duration_seconds=3)
# Until every pipeline's count reached Prometheus (scrapes every 5 s).
for _ in $(seq 60); do
  if $cli verify --prometheus-url "http://127.0.0.1:$prometheus" --observations docs/observations-seed42.csv \
    --require logfire,direct,native,otlp --summary "${thresholds[@]}" > docs/verify-output.txt 2>&1; then break; fi
  sleep 1
done
cat docs/verify-output.txt
$cli verify --prometheus-url "http://127.0.0.1:$prometheus" --observations docs/observations-seed42.csv \
  --require logfire,direct,native,otlp "${thresholds[@]}" --html docs/verify-report.html > /dev/null
node scripts/screenshot.mjs docs/verify-report.html docs/verify-report.png
