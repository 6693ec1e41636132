#!/usr/bin/env bash
# Produces the README's doctor blocks from real runs on a throwaway native stack on its own ports:
#   docs/doctor-demo.txt        doctor on the demo's pipelines (run both --aggregation both, 2000 uploads)
#   docs/doctor-broken.txt      doctor on a Logfire app left with OpenTelemetry's default boundaries
#   docs/doctor-prometheus.txt  doctor on Prometheus' own histograms
# Usage: npm run build && bash scripts/doctor-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cli="node bin/histogram-demo.js"
state=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; $cli clean --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
ports=(--state-dir "$state" --otlp-grpc-port 44317 --otlp-http-port 44318 --otlp-exponential-port 44319
  --collector-port 48889 --collector-native-port 48890 --health-port 43133 --prometheus-port 49090
  --grafana-port 43000 --app-port 48001)
url=http://127.0.0.1:49090
demo='{job=~"otel-collector|otel-collector-native|direct-app"}'
$cli stack up --native "${ports[@]}"
export OTEL_METRIC_EXPORT_INTERVAL=1000
$cli run both --aggregation both --count 2000 --seed 42 --stay --port 48001 \
  --otlp-endpoint http://127.0.0.1:44318 --otlp-exponential-endpoint http://127.0.0.1:44319 > "$state/demo.log" 2>&1 &
pids+=($!)
# Until verify sees every pipeline complete, then two more scrapes (the quantile query uses rate()).
until $cli verify --prometheus-url "$url" --seed 42 --require logfire,direct,native > /dev/null 2>&1; do sleep 1; done
sleep 11
$cli doctor --prometheus-url "$url" --match "$demo" > docs/doctor-demo.txt || true
$cli doctor --prometheus-url "$url" --match '{job="prometheus"}' > docs/doctor-prometheus.txt || true
$cli run logfire --buckets otel-default --instance-id otel-default-app --count 2000 --stay \
  --otlp-endpoint http://127.0.0.1:44318 > "$state/broken.log" 2>&1 &
pids+=($!)
until curl -s "$url/api/v1/query" --data-urlencode 'query=count_over_time(logfire_uploaded_file_bytes_count{exported_instance="otel-default-app"}[1m]) >= 2' | grep -q '"value"'; do sleep 1; done
$cli doctor --prometheus-url "$url" --match '{exported_instance="otel-default-app"}' > docs/doctor-broken.txt || true
cat docs/doctor-demo.txt docs/doctor-broken.txt docs/doctor-prometheus.txt
