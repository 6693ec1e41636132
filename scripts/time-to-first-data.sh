#!/usr/bin/env bash
# Measures how long after `npm start` Prometheus holds the seed's series of all three pipelines:
# starts it in the background, polls the Prometheus API every 0.5 s, prints the elapsed time,
# then stops the apps and the stack (own state folder, removed after).
# Usage: bash scripts/time-to-first-data.sh [--cold] [--mirror] [--port-offset N]
#   --cold           empty Go module and build caches, npm cache and binary cache (temp folders,
#                    removed after; the real caches are left alone): a fresh machine's first start
#   --mirror         with --cold: the release archives come from a local mirror in GitHub's layout
#                    (made from this machine's cached builds, served on 127.0.0.1): the first start
#                    of a machine that can download them, minus the download itself. Without it the
#                    download base is whatever HISTOGRAM_DEMO_DOWNLOAD_BASE says (GitHub by default;
#                    unreachable here, so the stack builds from source: the offline first start)
#   --port-offset N  every port moved up by N (default 0: the seed's ports, which must be free)
set -euo pipefail
cd "$(dirname "$0")/.."
cold=false
mirror=false
offset=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cold) cold=true ;;
    --mirror) mirror=true ;;
    --port-offset) offset="$2"; shift ;;
    *) echo "time-to-first-data: unknown argument $1 (use --cold, --mirror, --port-offset N)" >&2; exit 2 ;;
  esac
  shift
done
query='count(logfire_uploaded_file_bytes_count) + count(uploaded_file_bytes_count) + count(histogram_count(logfire_native_uploaded_file_bytes))'
# A fresh state folder: an existing TSDB would answer with the previous run's series.
state=$(mktemp -d)
log="${TMPDIR:-/tmp}/histogram-demo-start.$$.log"
port() { echo $(($1 + offset)); }
mirror_pid=""
if $mirror && ! $cold; then echo "time-to-first-data: --mirror needs --cold" >&2; exit 2; fi
if $mirror; then
  # The archives, named and laid out as upstream publishes them, from the builds already cached here.
  mirror_dir=$(mktemp -d)
  arch=$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
  node --input-type=module -e '
    import { ensureBinaries, ensurePromtool, collectorVersion } from "./dist/stack/binaries.js";
    import { prometheusRelease, collectorRelease } from "./dist/stack/releases.js";
    const platform = { os: "linux", arch: process.argv[1] };
    const built = await ensureBinaries(() => {}, process.env, { fromSource: true });
    const promtool = await ensurePromtool(() => {}, process.env, { fromSource: true });
    const p = prometheusRelease(platform), c = collectorRelease(await collectorVersion(), platform);
    for (const [release, sources] of [[p, { prometheus: built.prometheus, promtool }], [c, { otelcol: built.otelcol }]])
      for (const [name, inside] of Object.entries(release.binaries))
        console.log([release.repository, release.version, release.archive, release.checksums, inside, sources[name]].join(" "));
  ' "$arch" | while read -r repository version archive checksums inside source; do
    folder="$mirror_dir/$repository/releases/download/v$version"
    mkdir -p "$folder/.staging/$(dirname "$inside")"
    cp "$source" "$folder/.staging/$inside"
    echo "$archive $checksums" >> "$folder/.assets"
  done
  for assets in "$mirror_dir"/*/*/releases/download/*/.assets; do
    folder=$(dirname "$assets")
    read -r archive checksums < "$assets"
    tar -czf "$folder/$archive" -C "$folder/.staging" $(ls -A "$folder/.staging")
    (cd "$folder" && sha256sum "$archive" > "$checksums")
    rm -rf "$folder/.staging" "$assets"
  done
  mirror_port=$(port 7999)
  python3 -m http.server "$mirror_port" --bind 127.0.0.1 --directory "$mirror_dir" > /dev/null 2>&1 &
  mirror_pid=$!
  export HISTOGRAM_DEMO_DOWNLOAD_BASE="http://127.0.0.1:$mirror_port"
fi
caches=""
if $cold; then
  caches=$(mktemp -d)
  export GOMODCACHE="$caches/mod" GOCACHE="$caches/gocache" HISTOGRAM_DEMO_CACHE="$caches/cache" npm_config_cache="$caches/npm"
fi
prometheus_port=$(port 9090)
# Recorded with the figure: above ~1 on these 2 cores, other work shared the machine.
load_at_start=$(cut -d' ' -f1 /proc/loadavg)
start=$(date +%s.%N)
# Its own process group, so that stopping it stops npm and the apps it started.
setsid npm start -- --state-dir "$state" --otlp-grpc-port "$(port 4317)" --otlp-http-port "$(port 4318)" \
  --otlp-exponential-port "$(port 4319)" --collector-port "$(port 8889)" --collector-native-port "$(port 8890)" \
  --health-port "$(port 13133)" --prometheus-port "$prometheus_port" --grafana-port "$(port 3000)" \
  --app-port "$(port 8001)" > "$log" 2>&1 &
app=$!
cleanup() {
  # The stack first: the dashboards page builds as soon as the process that started it ends.
  node bin/histogram-demo.js clean --state-dir "$state" >/dev/null || true
  kill -- "-$app" 2>/dev/null || true
  # npm start stops its apps, then ends what it still builds (promtool, the web UI): wait for it.
  for _ in $(seq 150); do kill -0 -- "-$app" 2>/dev/null || break; sleep 0.2; done
  # The Go module cache is read-only; make it writable to remove it.
  if [ -n "$caches" ]; then chmod -R u+w "$caches" 2>/dev/null || true; rm -rf "$caches"; fi
  if [ -n "$mirror_pid" ]; then kill "$mirror_pid" 2>/dev/null || true; rm -rf "$mirror_dir"; fi
}
trap cleanup EXIT
# 40 minutes: a cold start builds everything first (much longer on a busy machine).
for _ in $(seq 4800); do
  if curl -sf "http://127.0.0.1:$prometheus_port/api/v1/query" --data-urlencode "query=$query" | grep -q '"value"'; then
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    echo "all three pipelines' series in Prometheus $seconds s after npm start$($cold && echo ' (cold: empty caches)')"
    grep ': done in ' "$log" || true
    # Recorded for the README's first-start table (node scripts/update-readme.mjs).
    kind=$($cold && { $mirror && echo cold-release || echo cold; } || echo warm)
    node -e '
      const fs = require("node:fs");
      const [file, kind, seconds, log, load] = process.argv.slice(1);
      const results = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
      const steps = {};
      for (const match of fs.readFileSync(log, "utf8").matchAll(/^ {2}(.+): done in (.+)$/gm)) steps[match[1]] = match[2];
      results[kind] = {
        seconds: Math.round(Number(seconds) * 10) / 10,
        measuredAt: new Date().toISOString(),
        loadAverageAtStart: Number(load),
        steps,
      };
      fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    ' bench/first-start.json "$kind" "$seconds" "$log" "$load_at_start"
    exit 0
  fi
  sleep 0.5
done
echo "no data after 40 min; see $log" >&2
exit 1
