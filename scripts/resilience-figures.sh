#!/usr/bin/env bash
# Regenerates the README's <!-- resilience-figures --> block: runs the collector-outage test on the
# real native stack, which writes its measured line to docs/resilience-figures.txt, then times the
# Logfire app's exit with its collector unreachable (final flush, then shutdown), and fills the README.
# Usage: bash scripts/resilience-figures.sh   (about 2 minutes, binaries cached)
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build >/dev/null
figures="$PWD/docs/resilience-figures.txt"
HISTOGRAM_DEMO_RESILIENCE_FIGURES="$figures" npx vitest run test/e2e/resilience.test.ts -t 'collector outage' >/dev/null
observations=$(mktemp -d)
trap 'rm -rf "$observations"' EXIT
started=$(date +%s.%N)
node bin/histogram-demo.js run logfire --count 500 --otlp-endpoint http://127.0.0.1:1 \
  --observations "$observations/uploads.csv" >/dev/null 2>&1
ended=$(date +%s.%N)
awk -v took="$(awk -v a="$started" -v b="$ended" 'BEGIN { print b - a }')" 'BEGIN {
  printf "run logfire --count 500 --otlp-endpoint http://127.0.0.1:1 (collector unreachable): exited after %.1f s\n", took
}' >>"$figures"
node scripts/update-readme.mjs
