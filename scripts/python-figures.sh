#!/usr/bin/env bash
# Produces the blocks of docs/python.md and docs/otlp-direct.md from real runs of the seed's Python
# apps on a throwaway native stack on its own ports (the same setup as test/e2e/python.test.ts):
#   docs/python-doctor-seed.txt  doctor on the collector scraped as the seed's prometheus.yml does (text)
#   docs/python-doctor-ours.txt  doctor on the same collector scraped by our job (protobuf, native)
#   docs/python-verify.txt       verify --summary on the Python pipelines, the collector-free one included
#   docs/otlp-series.txt         the series Prometheus' OTLP receiver made of one push, and its target_info
# Usage: npm run build && bash scripts/python-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cli="node bin/histogram-demo.js"
state=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; $cli stack down --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
ports=(--state-dir "$state" --otlp-grpc-port 34017 --otlp-http-port 34018 --otlp-exponential-port 34019
  --collector-port 34088 --collector-native-port 34089 --health-port 34033 --prometheus-port 34091
  --grafana-port 34030 --app-port 34081)
url=http://127.0.0.1:34091
# The seed's scrape of the collector: Prometheus' default protocols, which are text, beside our job.
node -e '
  const fs = require("node:fs"); const { parseDocument } = require("yaml");
  const doc = parseDocument(fs.readFileSync("configs/prometheus/prometheus.yml", "utf8"));
  doc.addIn(["scrape_configs"], doc.createNode({ job_name: "seed-text-scrape",
    scrape_protocols: ["OpenMetricsText1.0.0", "PrometheusText0.0.4"],
    static_configs: [{ targets: ["127.0.0.1:34088"] }] }));
  fs.writeFileSync(process.argv[1], doc.toString());' "$state/prometheus-seed.yml"
$cli stack up --native "${ports[@]}" --prometheus-config "$state/prometheus-seed.yml"
export OTEL_METRIC_EXPORT_INTERVAL=1000
# Logfire's default (exponential) to the collector's main receiver, as OTEL_EXPORTER_OTLP_ENDPOINT=:4318
# does for a Python user, and straight to Prometheus' OTLP receiver.
$cli run --sdk python --count 2000 --seed 42 --stay --port 34081 --instance-id python-app \
  --otlp-exponential-endpoint http://127.0.0.1:34018 --prometheus-otlp-endpoint "$url/api/v1/otlp" \
  > "$state/python.log" 2>&1 &
pids+=($!)
pipelines=(--pipeline 'logfire=logfire_$metric{job="otel-collector"}' --pipeline 'direct=$metric{job="direct-app"}'
  --pipeline 'otlp=$metric{job="histogram-demo"}')
until $cli verify --prometheus-url "$url" --seed 42 "${pipelines[@]}" > /dev/null 2>&1; do sleep 1; done
sleep 11
$cli doctor --prometheus-url "$url" --match '{job="seed-text-scrape"}' > docs/python-doctor-seed.txt || true
$cli doctor --prometheus-url "$url" --match '{job="otel-collector"}' > docs/python-doctor-ours.txt || true
$cli verify --prometheus-url "$url" --seed 42 --summary "${pipelines[@]}" > docs/python-verify.txt
# One series of each pipeline's byte sizes, and the OTLP push's target_info: the labels each path keeps.
node -e '
  const url = process.argv[1];
  const show = async (title, match) => {
    const response = await fetch(`${url}/api/v1/series?${new URLSearchParams({ "match[]": match })}`);
    const { data } = await response.json();
    const lines = data.map((labels) => Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}="${v}"`).join(", ")).sort();
    console.log(`${title}  (${match})\n${lines.map((l) => `  {${l}}`).join("\n")}\n`);
  };
  (async () => {
    await show("collector, our scrape", "logfire_uploaded_file_bytes{job=\"otel-collector\",file_type=\"small\"}");
    await show("Prometheus OTLP receiver", "uploaded_file_bytes{job=\"histogram-demo\",file_type=\"small\"}");
    await show("Prometheus OTLP receiver, counter", "file_uploads_total{job=\"histogram-demo\",file_type=\"small\"}");
    await show("Prometheus OTLP receiver, resource", "target_info{job=\"histogram-demo\"}");
  })();' "$url" > docs/otlp-series.txt
cat docs/python-doctor-seed.txt docs/python-doctor-ours.txt docs/python-verify.txt docs/otlp-series.txt
