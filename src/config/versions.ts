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

/**
 * Thanos, built from its Go module like Prometheus (its go.mod has replace directives).
 * v0.42.5 needs Go 1.26.10; v0.42.4 builds with the Go of our machines.
 */
export const THANOS_VERSION = '0.42.4';
export const THANOS_MODULE = 'github.com/thanos-io/thanos';
