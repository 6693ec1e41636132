/**
 * Pinned versions of the native stack, in one place. The collector's version lives in its
 * builder manifest (configs/otel-collector/builder-config.yaml, `dist.version`), because the
 * builder must be that same version; docker-compose.yml pins the matching images (a test
 * checks that they agree with these).
 */

/** Prometheus 3.16.0 is module version v0.316.0 on the Go module proxy. */
export const PROMETHEUS_VERSION = '3.16.0';
export const PROMETHEUS_MODULE = 'github.com/prometheus/prometheus';
const [major, minor, patch] = PROMETHEUS_VERSION.split('.') as [string, string, string];
/** Prometheus 3.MM.P is published as Go module version v0.3MM.P. */
export const PROMETHEUS_MODULE_VERSION = `v0.${major}${minor.padStart(2, '0')}.${patch}`;

export const COLLECTOR_BUILDER_MODULE = 'go.opentelemetry.io/collector/cmd/builder';
