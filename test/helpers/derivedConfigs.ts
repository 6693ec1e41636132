/** The stack's derived Prometheus config and Thanos hashring, written as `stack up` writes them, for tests that read them back. */
import { join } from 'node:path';
import type { StackPorts } from '../../src/config/ports.js';
import { nativePrometheusConfig } from '../../src/stack/configs.js';
import { writeFileAtomic } from '../../src/stack/files.js';
import { CONFIG_FILES } from '../../src/stack/paths.js';
import { nativeHashring } from '../../src/stack/thanos.js';

/** nativePrometheusConfig written into the state folder as prometheus.yml; returns its path. */
export async function writeNativePrometheusConfig(
  stateDir: string,
  ports: StackPorts,
  source: string = CONFIG_FILES.prometheus,
  remoteWriteUrl?: string,
): Promise<string> {
  const derived = join(stateDir, 'prometheus.yml');
  await writeFileAtomic(derived, await nativePrometheusConfig(ports, source, remoteWriteUrl));
  return derived;
}

/** nativeHashring written into the state folder, whole or not at all (receivers watch it); returns its path. */
export async function writeNativeHashring(stateDir: string, ports: StackPorts, source: string): Promise<string> {
  const derived = join(stateDir, 'thanos-hashring.json');
  await writeFileAtomic(derived, await nativeHashring(ports, source));
  return derived;
}
