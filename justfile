# The demo's everyday commands. Each recipe is a thin alias of an npm script or of the CLI
# (`node bin/histogram-demo.js ...`, compiled by `just install`, else on first use); extra arguments go through
# to the command, e.g. `just run --rate 50`, `just verify --summary`, `just logs prometheus`.
# `just` alone lists them. just itself is optional: `npm install -g rust-just` or `cargo install just`.

# Extra arguments reach each command as "$@", so values with spaces stay one argument.
set positional-arguments

cli := "node bin/histogram-demo.js"

# List the recipes (what `just` with no argument does)
default:
    @{{ just_executable() }} --justfile {{ quote(justfile()) }} --list --unsorted

# Install the dependencies and compile the CLI (npm install, then npm run build)
install *ARGS:
    npm install "$@" && npm run build

# Start the native collector and Prometheus; the first run builds their binaries (minutes, cached)
setup *ARGS:
    {{ cli }} stack up --native "$@"

# Start the stack (Docker Compose if an engine answers, else native) and run both apps in real time
start *ARGS:
    {{ cli }} start "$@"

# Run both apps (Logfire and direct prom-client) on the seeded uploads in real time; Ctrl-C stops
run *ARGS:
    {{ cli }} run both "$@"

# Run only the Logfire (OpenTelemetry) app, exporting OTLP to the collector
run-logfire *ARGS:
    {{ cli }} run logfire "$@"

# Run only the direct prom-client app, serving /metrics for Prometheus
run-direct *ARGS:
    {{ cli }} run direct "$@"

# Start Grafana: `docker compose up -d grafana` with Docker; otherwise say how to get the dashboards
grafana *ARGS:
    #!/usr/bin/env bash
    set -euo pipefail
    if docker info >/dev/null 2>&1; then
      exec docker compose up -d grafana "$@"
    fi
    if command -v grafana >/dev/null 2>&1 || command -v grafana-server >/dev/null 2>&1; then
      echo "No Docker engine; a Grafana binary is on PATH: \`just up\` starts it natively with the dashboards provisioned."
      exit 0
    fi
    echo "Grafana is not installed natively and no Docker engine answers, so no Grafana was started."
    echo "  With Docker: docker compose up -d grafana   (dashboards provisioned; then \`just open-grafana\`)"
    echo "  With a Grafana binary on PATH (grafana or grafana-server): \`just up\` starts it with the stack."
    echo "  With a Grafana of your own: {{ cli }} dashboards import --grafana-url URL"
    echo "    (creates the Prometheus datasource if missing and imports both dashboards from dashboards/)"

# Print Grafana's URL ($GRAFANA_URL, default port 3000) and open it when a desktop is there
open-grafana:
    #!/usr/bin/env bash
    set -euo pipefail
    url="${GRAFANA_URL:-http://127.0.0.1:3000}"
    echo "Grafana: $url"
    if command -v xdg-open >/dev/null 2>&1 && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      xdg-open "$url" >/dev/null 2>&1 || echo "(xdg-open could not open it; open the URL yourself)"
    fi

# Bring the collector and Prometheus up (histogram-demo stack up); run again to restart what died
up *ARGS:
    {{ cli }} stack up "$@"

# Stop what `up` started, and nothing else (histogram-demo stack down)
down *ARGS:
    {{ cli }} stack down "$@"

# Print the stack's logs: all components, or one (just logs prometheus)
logs *ARGS:
    {{ cli }} stack logs "$@"

# Print the OpenTelemetry Collector's log
otel-logs *ARGS:
    {{ cli }} stack logs collector "$@"

# Print the Prometheus URL and its Graph tab ($PROMETHEUS_URL, default port 9090); open it when a desktop is there
prometheus:
    #!/usr/bin/env bash
    set -euo pipefail
    url="${PROMETHEUS_URL:-http://127.0.0.1:9090}"
    echo "Prometheus: $url"
    echo "  Graph tab: $url/query"
    if command -v xdg-open >/dev/null 2>&1 && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      xdg-open "$url/query" >/dev/null 2>&1 || echo "(xdg-open could not open it; open the URL yourself)"
    fi

# One line per component and scrape target; exit 0 only when everything is up
health *ARGS:
    {{ cli }} health "$@"

# Compare the two pipelines in Prometheus bucket by bucket; exit 1 on disagreement
verify *ARGS:
    {{ cli }} verify "$@"

# Stop the native stack and remove its state folder (TSDB, logs, pids); built binaries stay cached
clean *ARGS:
    {{ cli }} clean "$@"

# Lint: Biome and the type checker (npm run lint)
lint:
    npm run lint

# Format every file with Biome (npm run format)
format:
    npm run format

# Biome's full check and the type checker, as CI does (npm run check)
check:
    npm run check

# Build and run the whole test suite (npm test); arguments go to vitest, e.g. just test test/e2e
test *ARGS:
    npm test -- "$@"
