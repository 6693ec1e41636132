import { PORT_TABLE, type StackPorts } from '../config/ports.js';
import type { StackConfigs } from './NativeStack.js';

export const COMPOSE_CONFIG_VARIABLES = {
  collector: 'HISTOGRAM_DEMO_COLLECTOR_CONFIG',
  prometheus: 'HISTOGRAM_DEMO_PROMETHEUS_CONFIG',
  hashring: 'HISTOGRAM_DEMO_THANOS_HASHRING',
} as const satisfies Record<keyof StackConfigs, string>;

/**
 * The environment that makes `docker compose up` publish these ports and mount these configs: each
 * port's variable (the table's compose column) with the seed's value as the file's default
 * (`${HISTOGRAM_DEMO_PROMETHEUS_PORT:-9090}`). Inside the containers the ports stay the seed's:
 * only what the host sees moves.
 */
export function composeEnvironment(ports: StackPorts, configs: StackConfigs): Record<string, string> {
  const env: Record<string, string> = {};
  for (const row of PORT_TABLE) {
    if ('composeVariable' in row) env[row.composeVariable] = String(ports[row.key]);
  }
  for (const [key, variable] of Object.entries(COMPOSE_CONFIG_VARIABLES)) {
    env[variable] = configs[key as keyof typeof COMPOSE_CONFIG_VARIABLES];
  }
  return env;
}
