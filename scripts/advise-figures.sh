#!/usr/bin/env bash
# Produces the README's advise figures from real runs: advise on seed 42's 5000 uploads
# (docs/observations-seed42.csv, written by scripts/readme-figures.sh), then the seed layout and the
# advised layout each re-run through the real pipelines on a held-out seed (7, 5000 uploads) in a
# throwaway native stack, each measured by verify. Writes docs/advice.json,
# docs/advise-verify-{seed,advised}.json and docs/advise-rerun.txt (the README's before/after table).
# Usage: npm run build && bash scripts/advise-figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cli="node bin/histogram-demo.js"
held_out=7
count=5000
$cli advise --truth docs/observations-seed42.csv --buckets 10 --out docs/advice.json > /dev/null
state=$(mktemp -d)
apps=""
trap '[ -n "$apps" ] && kill "$apps" 2>/dev/null; $cli clean --state-dir "$state" >/dev/null 2>&1 || true' EXIT
ports=(--state-dir "$state" --otlp-grpc-port 34317 --otlp-http-port 34318 --otlp-exponential-port 34319
  --collector-port 38889 --collector-native-port 38890 --health-port 33133 --prometheus-port 39090
  --grafana-port 33000 --app-port 38001)
for layout in seed advised; do
  buckets=$([ "$layout" = seed ] && echo seed || echo docs/advice.json)
  $cli stack up --native "${ports[@]}" > /dev/null
  OTEL_METRIC_EXPORT_INTERVAL=1000 $cli run both --aggregation both --buckets "$buckets" --count "$count" \
    --seed "$held_out" --stay --port 38001 --otlp-endpoint http://127.0.0.1:34318 \
    --otlp-exponential-endpoint http://127.0.0.1:34319 > "$state/apps-$layout.log" 2>&1 &
  apps=$!
  # Until every pipeline's count reached Prometheus (scrapes every 5 s).
  for _ in $(seq 90); do
    if $cli verify --prometheus-url http://127.0.0.1:39090 --seed "$held_out" --require logfire,direct,native \
      --json > "docs/advise-verify-$layout.json" 2>/dev/null; then break; fi
    sleep 1
  done
  kill "$apps" && wait "$apps" 2>/dev/null || true
  apps=""
  $cli clean --state-dir "$state" > /dev/null
done
node scripts/advise-rerun-table.mjs docs/advice.json docs/advise-verify-seed.json docs/advise-verify-advised.json \
  > docs/advise-rerun.txt
cat docs/advise-rerun.txt
