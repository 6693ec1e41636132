import type { StackConfigs } from './NativeStack.js';
import type { StackPorts } from './ports.js';

/**
 * The variables docker-compose.yml reads for its published host ports and mounted configs,
 * each with the seed's value as the file's default (`${HISTOGRAM_DEMO_PROMETHEUS_PORT:-9090}`).
 * Inside the containers the ports stay the seed's: only what the host sees moves.
 */
export const COMPOSE_PORT_VARIABLES = {
  otlpGrpc: 'HISTOGRAM_DEMO_OTLP_GRPC_PORT',
  otlpHttp: 'HISTOGRAM_DEMO_OTLP_HTTP_PORT',
  otlpExponentialHttp: 'HISTOGRAM_DEMO_OTLP_EXPONENTIAL_PORT',
  collectorPrometheus: 'HISTOGRAM_DEMO_COLLECTOR_PORT',
  collectorNativePrometheus: 'HISTOGRAM_DEMO_COLLECTOR_NATIVE_PORT',
  collectorHealth: 'HISTOGRAM_DEMO_HEALTH_PORT',
  prometheus: 'HISTOGRAM_DEMO_PROMETHEUS_PORT',
  grafana: 'HISTOGRAM_DEMO_GRAFANA_PORT',
  thanosQuery: 'HISTOGRAM_DEMO_THANOS_QUERY_PORT',
} as const satisfies Partial<Record<keyof StackPorts, string>>;

export const COMPOSE_CONFIG_VARIABLES = {
  collector: 'HISTOGRAM_DEMO_COLLECTOR_CONFIG',
  prometheus: 'HISTOGRAM_DEMO_PROMETHEUS_CONFIG',
  hashring: 'HISTOGRAM_DEMO_THANOS_HASHRING',
} as const satisfies Record<keyof StackConfigs, string>;

/** The environment that makes `docker compose up` publish these ports and mount these configs. */
export function composeEnvironment(ports: StackPorts, configs: StackConfigs): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, variable] of Object.entries(COMPOSE_PORT_VARIABLES)) {
    env[variable] = String(ports[key as keyof typeof COMPOSE_PORT_VARIABLES]);
  }
  for (const [key, variable] of Object.entries(COMPOSE_CONFIG_VARIABLES)) {
    env[variable] = configs[key as keyof typeof COMPOSE_CONFIG_VARIABLES];
  }
  return env;
}
