import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GRAFANA_DATASOURCE_UID } from '../../src/config/grafana.js';
import type { StackPorts } from '../../src/config/ports.js';
import { DEFAULT_PORTS } from '../../src/config/ports.js';
import { PROMETHEUS_VERSION, THANOS_VERSION } from '../../src/config/versions.js';
import { composeEnvironment } from '../../src/stack/compose.js';
import { REPLICA_LABEL, REPLICATION_FACTOR, THANOS_RECEIVERS } from '../../src/stack/thanos.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE_FILE = resolve(REPO, 'docker-compose.yml');
const SCHEMA_FILE = fileURLToPath(new URL('./compose-spec.json', import.meta.url));
const DATASOURCES_FILE = resolve(REPO, 'configs/grafana/provisioning/datasources/prometheus.yml');
const DASHBOARD_PROVIDERS_FILE = resolve(REPO, 'configs/grafana/provisioning/dashboards/histogram-demo.yml');
const PROMETHEUS_CONFIG_FILE = resolve(REPO, 'configs/prometheus/prometheus.yml');
const COLLECTOR_BUILDER_FILE = resolve(REPO, 'configs/otel-collector/builder-config.yaml');
const HASHRING_FILE = resolve(REPO, 'configs/thanos/hashring.json');

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, where: string): Json {
  if (!isRecord(value)) throw new Error(`${where} should be a mapping, got ${JSON.stringify(value)}`);
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where} should be a list, got ${JSON.stringify(value)}`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where} should be a string, got ${JSON.stringify(value)}`);
  return value;
}

function readYaml(file: string): Json {
  // merge: YAML merge keys (`<<: *thanos`), which Compose resolves too.
  return record(parse(readFileSync(file, 'utf8'), { merge: true }), file);
}

/**
 * Compose's own interpolation of `${NAME}` and `${NAME:-default}` (unset or empty: the default),
 * written here from the Compose Specification rather than taken from src/, so that the test
 * reads the file as `docker compose` would with that environment.
 */
function readCompose(env: Record<string, string> = {}): Json {
  const text = readFileSync(COMPOSE_FILE, 'utf8').replace(
    /\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g,
    (_, name: string, fallback: string | undefined) => env[name] || fallback || '',
  );
  return record(parse(text, { merge: true }), COMPOSE_FILE);
}

/** Every variable the compose file interpolates. */
function composeVariables(): string[] {
  return [...readFileSync(COMPOSE_FILE, 'utf8').matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1] as string);
}

/** A compose-spec validator: draft 2020-12, as the vendored schema declares (see README.md). */
function composeValidator() {
  const schema = record(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), SCHEMA_FILE);
  // strict: false because the schema uses keywords Ajv's strict mode rejects (e.g. `deprecated`
  // beside `$ref`); allowUnionTypes for its `type: [string, number]` properties.
  const ajv = new Ajv2020({ strict: false, allowUnionTypes: true, allErrors: true });
  ajvFormats.default(ajv);
  // Compose means Go durations (`5s`, `1m30s`), not ISO 8601: compose-go registers this format
  // the same way (schema/schema.go), for the schema versions that use `format: duration`.
  ajv.addFormat('duration', /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/);
  const validate = ajv.compile(schema);
  return (document: unknown): string | undefined =>
    validate(document) ? undefined : ajv.errorsText(validate.errors, { separator: '\n' });
}

interface BindMount {
  readonly service: string;
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

interface NamedVolumeMount {
  readonly service: string;
  readonly volume: string;
}

/** Splits the volumes of every service into bind mounts (host paths) and named volumes. */
function mounts(compose: Json): { binds: BindMount[]; named: NamedVolumeMount[] } {
  const binds: BindMount[] = [];
  const named: NamedVolumeMount[] = [];
  for (const [service, definition] of Object.entries(services(compose))) {
    for (const entry of list(definition.volumes ?? [], `${service}.volumes`)) {
      if (typeof entry === 'string') {
        // Short syntax SOURCE:TARGET[:MODE]; a source that is a path (not a name) is a bind mount.
        const [source = '', target = '', mode = ''] = entry.split(':');
        if (/^[./~]/.test(source)) {
          binds.push({ service, source, target, readOnly: mode.split(',').includes('ro') });
        } else {
          named.push({ service, volume: source });
        }
      } else {
        const long = record(entry, `${service}.volumes entry`);
        const source = text(long.source, `${service}.volumes[].source`);
        if (long.type === 'bind') {
          binds.push({ service, source, target: text(long.target, 'target'), readOnly: long.read_only === true });
        } else if (long.type === 'volume') {
          named.push({ service, volume: source });
        }
      }
    }
  }
  return { binds, named };
}

function services(compose: Json): Record<string, Json> {
  const result: Record<string, Json> = {};
  for (const [name, definition] of Object.entries(record(compose.services, 'services'))) {
    result[name] = record(definition, `services.${name}`);
  }
  return result;
}

function service(compose: Json, name: string): Json {
  const definition = services(compose)[name];
  if (definition === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return definition;
}

interface PublishedPort {
  readonly service: string;
  readonly spec: string;
  readonly hostIp: string | undefined;
  readonly hostPort: string | undefined;
  readonly containerPort: string;
}

/** Parses `ports:` entries, short ([IP:][HOST:]CONTAINER[/PROTO]) or long syntax. */
function publishedPorts(compose: Json): PublishedPort[] {
  const result: PublishedPort[] = [];
  for (const [name, definition] of Object.entries(services(compose))) {
    for (const entry of list(definition.ports ?? [], `${name}.ports`)) {
      if (typeof entry === 'number') {
        result.push({
          service: name,
          spec: String(entry),
          hostIp: undefined,
          hostPort: undefined,
          containerPort: String(entry),
        });
      } else if (typeof entry === 'string') {
        const withoutProtocol = entry.replace(/\/(tcp|udp|sctp)$/, '');
        const ipv6 = /^\[([^\]]+)\]:(.*)$/.exec(withoutProtocol);
        const rest = ipv6?.[2] ?? withoutProtocol;
        const parts = rest.split(':');
        const containerPort = parts.at(-1) ?? '';
        const hostPort = parts.length >= 2 ? parts.at(-2) : undefined;
        const hostIp = ipv6?.[1] ?? (parts.length === 3 ? parts[0] : undefined);
        result.push({ service: name, spec: entry, hostIp, hostPort, containerPort });
      } else {
        const long = record(entry, `${name}.ports entry`);
        result.push({
          service: name,
          spec: JSON.stringify(long),
          hostIp: typeof long.host_ip === 'string' ? long.host_ip : undefined,
          hostPort: long.published === undefined ? undefined : String(long.published),
          containerPort: String(long.target),
        });
      }
    }
  }
  return result;
}

/** Splits an image reference into repository, tag and digest (`name[:tag][@digest]`). */
function imageReference(image: string): { repository: string; tag: string | undefined; digest: string | undefined } {
  const [nameAndTag = '', digest] = image.split('@');
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  return colon === -1
    ? { repository: nameAndTag, tag: undefined, digest }
    : { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
}

function extraHosts(definition: Json): string[] {
  const hosts = definition.extra_hosts;
  if (hosts === undefined) return [];
  if (Array.isArray(hosts)) return hosts.map((entry) => text(entry, 'extra_hosts entry').replace('=', ':'));
  return Object.entries(record(hosts, 'extra_hosts')).map(([host, address]) => `${host}:${String(address)}`);
}

describe('docker-compose.yml', () => {
  let compose: Json;
  let validate: (document: unknown) => string | undefined;

  beforeAll(() => {
    compose = readCompose();
    validate = composeValidator();
  });

  it('is valid against the Compose Specification schema', () => {
    expect(validate(compose)).toBeUndefined();
  });

  it.each([
    [
      'an unknown top-level key',
      (copy: Json) => ({ ...copy, servics: copy.services }),
      'must NOT have additional properties',
    ],
    [
      'ports given as a string',
      (copy: Json) => withService(copy, 'prometheus', { ports: 'bad' }),
      '/prometheus/ports must be array',
    ],
    [
      'an unknown service key',
      (copy: Json) => withService(copy, 'grafana', { imagee: 'grafana/grafana:12.4.2' }),
      '/grafana must NOT have unevaluated properties',
    ],
    [
      'a healthcheck that is a string',
      (copy: Json) => withService(copy, 'prometheus', { healthcheck: 'wget' }),
      '/prometheus/healthcheck must be object',
    ],
  ])('rejects a copy with %s, so the schema check can fail', (_label, breakCopy, reason) => {
    const broken = breakCopy(structuredClone(compose));
    expect(validate(broken)).toContain(reason);
    // The copy was broken, not the original.
    expect(validate(compose)).toBeUndefined();
  });

  it('has the three services of the demo, and the Thanos cluster only in the thanos profile', () => {
    const all = services(compose);
    const unprofiled = Object.keys(all).filter((name) => all[name]?.profiles === undefined);
    expect(unprofiled.sort()).toEqual(['grafana', 'otel-collector', 'prometheus']);
    const thanos = Object.keys(all).filter((name) => all[name]?.profiles !== undefined);
    expect(thanos.sort()).toEqual([...THANOS_RECEIVERS, 'thanos-query'].sort());
    for (const name of thanos) expect(all[name]?.profiles).toEqual(['thanos']);
  });

  it('bind-mounts only host paths that exist in the repo, read-only', () => {
    const { binds } = mounts(compose);
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      expect(isAbsolute(bind.source), `${bind.service}: ${bind.source} must be relative to the repo`).toBe(false);
      expect(existsSync(resolve(REPO, bind.source)), `${bind.service}: ${bind.source} is missing`).toBe(true);
      // The containers must never write into the checkout.
      expect(bind.readOnly, `${bind.service}: ${bind.source} must be mounted :ro`).toBe(true);
    }
    // ./dashboards is filled by the dashboard generator later; the .gitkeep keeps the folder in git
    // so that Docker does not create it root-owned on first `up`.
    expect(existsSync(resolve(REPO, 'dashboards/.gitkeep'))).toBe(true);
  });

  it('mounts the config files that the native stack uses too', () => {
    const sources = mounts(compose).binds.map((bind) => `${bind.service} ${bind.source} -> ${bind.target}`);
    expect(sources).toEqual(
      expect.arrayContaining([
        'otel-collector ./configs/otel-collector/otelcol-config.yml -> /etc/otelcol-contrib/config.yaml',
        'prometheus ./configs/prometheus/prometheus.yml -> /etc/prometheus/prometheus.yml',
        'grafana ./configs/grafana/provisioning -> /etc/grafana/provisioning',
        'grafana ./dashboards -> /var/lib/grafana/dashboards',
      ]),
    );
  });

  it('declares every named volume that a service uses', () => {
    const declared = Object.keys(record(compose.volumes ?? {}, 'volumes'));
    for (const { service: name, volume } of mounts(compose).named) {
      expect(declared, `${name} uses volume ${volume}`).toContain(volume);
    }
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const ports = publishedPorts(compose);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) {
      expect(port.hostIp, `${port.service}: "${port.spec}" must start with 127.0.0.1:`).toBe('127.0.0.1');
      expect(port.hostPort, `${port.service}: "${port.spec}" must name its host port`).toBe(port.containerPort);
    }
  });

  it('publishes the default ports that the apps and the CLI expect', () => {
    const published = publishedPorts(compose).map((port) => `${port.service}:${port.hostPort}`);
    expect(published.sort()).toEqual(
      [
        `otel-collector:${DEFAULT_PORTS.otlpGrpc}`,
        `otel-collector:${DEFAULT_PORTS.otlpHttp}`,
        `otel-collector:${DEFAULT_PORTS.otlpExponentialHttp}`,
        `otel-collector:${DEFAULT_PORTS.collectorPrometheus}`,
        `otel-collector:${DEFAULT_PORTS.collectorNativePrometheus}`,
        `otel-collector:${DEFAULT_PORTS.collectorHealth}`,
        `prometheus:${DEFAULT_PORTS.prometheus}`,
        `grafana:${DEFAULT_PORTS.grafana}`,
        `thanos-query:${DEFAULT_PORTS.thanosQuery}`,
      ].sort(),
    );
  });

  it('publishes the ports and mounts the configs that the flags of `stack up --docker` ask for', () => {
    const ports: StackPorts = {
      otlpGrpc: 14317,
      otlpHttp: 14318,
      otlpExponentialHttp: 14319,
      collectorPrometheus: 18889,
      collectorNativePrometheus: 18890,
      collectorHealth: 23133,
      prometheus: 19090,
      grafana: 13000,
      dashboards: 13001,
      directApp: DEFAULT_PORTS.directApp,
      thanosQuery: 20902,
      thanosInternal: DEFAULT_PORTS.thanosInternal,
    };
    const configs = {
      collector: '/tmp/my-collector.yml',
      prometheus: '/tmp/my-prometheus.yml',
      hashring: '/tmp/my-hashring.json',
    };
    const moved = readCompose(composeEnvironment(ports, configs));
    expect(validate(moved)).toBeUndefined();
    const published = publishedPorts(moved).map(
      (port) => `${port.service} ${port.hostIp}:${port.hostPort}->${port.containerPort}`,
    );
    expect(published.sort()).toEqual(
      [
        'otel-collector 127.0.0.1:14317->4317',
        'otel-collector 127.0.0.1:14318->4318',
        'otel-collector 127.0.0.1:14319->4319',
        'otel-collector 127.0.0.1:18889->8889',
        'otel-collector 127.0.0.1:18890->8890',
        'otel-collector 127.0.0.1:23133->13133',
        'prometheus 127.0.0.1:19090->9090',
        'grafana 127.0.0.1:13000->3000',
        'thanos-query 127.0.0.1:20902->10902',
      ].sort(),
    );
    const sources = mounts(moved).binds.map((bind) => `${bind.source} -> ${bind.target}`);
    expect(sources).toEqual(
      expect.arrayContaining([
        '/tmp/my-collector.yml -> /etc/otelcol-contrib/config.yaml',
        '/tmp/my-prometheus.yml -> /etc/prometheus/prometheus.yml',
        '/tmp/my-hashring.json -> /etc/thanos/hashring.json',
      ]),
    );
  });

  it('reads no variable that `stack up --docker` leaves unset, except the two documented settings', () => {
    const set = Object.keys(
      composeEnvironment({ ...DEFAULT_PORTS }, { collector: 'c', prometheus: 'p', hashring: 'h' }),
    );
    const unset = composeVariables().filter((name) => !set.includes(name));
    expect(unset.sort()).toEqual(['GRAFANA_ADMIN_PASSWORD', 'OTELCOL_DEBUG_VERBOSITY']);
  });

  it('pins every image to an explicit tag other than latest', () => {
    for (const [name, definition] of Object.entries(services(compose))) {
      const image = text(definition.image, `${name}.image`);
      const { tag } = imageReference(image);
      expect(tag, `${name}: ${image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${image} must not float`).not.toMatch(/^(latest|main|nightly|edge)$/);
    }
  });

  it('runs the same collector and Prometheus versions as the native stack', () => {
    const builder = readYaml(COLLECTOR_BUILDER_FILE);
    const collectorVersion = text(record(builder.dist, 'dist').version, 'dist.version');
    expect(imageReference(text(service(compose, 'otel-collector').image, 'image'))).toMatchObject({
      repository: 'otel/opentelemetry-collector-contrib',
      tag: collectorVersion,
    });
    expect(imageReference(text(service(compose, 'prometheus').image, 'image'))).toMatchObject({
      repository: 'prom/prometheus',
      tag: `v${PROMETHEUS_VERSION}`,
    });
  });

  it('runs the Thanos version that the native stack builds, in every Thanos service', () => {
    for (const name of [...THANOS_RECEIVERS, 'thanos-query']) {
      expect(imageReference(text(service(compose, name).image, 'image'))).toMatchObject({
        repository: 'quay.io/thanos/thanos',
        tag: `v${THANOS_VERSION}`,
      });
    }
  });

  it('gives each receiver the shared hashring, its own address, replica label and volume', () => {
    const hashring = JSON.parse(readFileSync(HASHRING_FILE, 'utf8')) as { endpoints: { address: string }[] }[];
    const addresses = hashring.flatMap((ring) => ring.endpoints.map((endpoint) => endpoint.address));
    const volumes = new Set<string>();
    for (const [index, name] of THANOS_RECEIVERS.entries()) {
      const command = list(service(compose, name).command, `${name}.command`).map((flag) => text(flag, 'flag'));
      const localEndpoint = command.find((flag) => flag.startsWith('--receive.local-endpoint='))?.split('=')[1];
      expect(addresses).toContain(localEndpoint);
      expect(command).toEqual(
        expect.arrayContaining([
          'receive',
          `--label=${REPLICA_LABEL}="${index + 1}"`,
          '--receive.hashrings-file=/etc/thanos/hashring.json',
          `--receive.replication-factor=${REPLICATION_FACTOR}`,
        ]),
      );
      const binds = mounts(compose).binds.filter((bind) => bind.service === name);
      expect(binds.map((bind) => `${bind.source} -> ${bind.target}`)).toEqual([
        './configs/thanos/hashring.json -> /etc/thanos/hashring.json',
      ]);
      for (const mount of mounts(compose).named.filter((entry) => entry.service === name)) volumes.add(mount.volume);
    }
    expect(volumes.size).toBe(THANOS_RECEIVERS.length);
  });

  it('lets the query reach every receiver and deduplicate on their replica label', () => {
    const command = list(service(compose, 'thanos-query').command, 'thanos-query.command').map((flag) =>
      text(flag, 'flag'),
    );
    expect(command).toContain(`--query.replica-label=${REPLICA_LABEL}`);
    const endpoints = command.find((flag) => flag.startsWith('--endpoint.sd-config='))?.replace(/^[^=]+=/, '');
    const listed = list(record(parse(endpoints ?? ''), 'endpoint.sd-config').endpoints, 'endpoints').map((entry) =>
      text(record(entry, 'endpoint').address, 'address'),
    );
    expect(listed).toEqual(THANOS_RECEIVERS.map((name) => `${name}:10901`));
  });

  it('remote-writes from Prometheus to a receiver of the thanos profile, native histograms included', () => {
    const writers = list(readYaml(PROMETHEUS_CONFIG_FILE).remote_write, 'remote_write').map((entry) =>
      record(entry, 'remote_write entry'),
    );
    expect(writers).toHaveLength(1);
    expect(writers[0]?.send_native_histograms).toBe(true);
    const url = new URL(text(writers[0]?.url, 'url'));
    const receiver = service(compose, url.hostname);
    expect(receiver.profiles).toEqual(['thanos']);
    const command = list(receiver.command, 'command').map((flag) => text(flag, 'flag'));
    expect(command).toContain(`--remote-write.address=0.0.0.0:${url.port}`);
  });

  it('lets Prometheus reach the direct app on the host through host-gateway', () => {
    expect(extraHosts(service(compose, 'prometheus'))).toContain('host.docker.internal:host-gateway');
  });

  it('starts Prometheus with the mounted config, its storage, OTLP receiver and lifecycle API', () => {
    const command = list(service(compose, 'prometheus').command, 'prometheus.command');
    expect(command).toEqual(
      expect.arrayContaining([
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        '--web.enable-otlp-receiver',
        '--web.enable-lifecycle',
      ]),
    );
    const storage = mounts(compose).named.find((mount) => mount.service === 'prometheus');
    expect(storage?.volume).toBe('prometheus-data');
  });

  it('starts the collector with the config file it mounts', () => {
    const command = list(service(compose, 'otel-collector').command, 'otel-collector.command');
    expect(command).toContain('--config=/etc/otelcol-contrib/config.yaml');
  });

  it('scrapes only targets that exist inside the compose network', () => {
    const known = new Set([...Object.keys(services(compose)), 'localhost']);
    const hosts = extraHosts(service(compose, 'prometheus')).map((entry) => entry.split(':')[0]);
    const prometheusConfig = readYaml(PROMETHEUS_CONFIG_FILE);
    const targets = list(prometheusConfig.scrape_configs, 'scrape_configs').flatMap((job) =>
      list(record(job, 'scrape_config').static_configs ?? [], 'static_configs').flatMap((group) =>
        list(record(group, 'static_config').targets, 'targets').map((target) => text(target, 'target')),
      ),
    );
    expect(targets).toEqual(expect.arrayContaining(['otel-collector:8889', 'host.docker.internal:8001']));
    for (const target of targets) {
      const host = target.split(':')[0] ?? '';
      expect(known.has(host) || hosts.includes(host), `scrape target ${target} resolves in compose`).toBe(true);
    }
  });

  it('gives Grafana its admin password from GRAFANA_ADMIN_PASSWORD, defaulting to admin', () => {
    const password = (env: Record<string, string>) =>
      record(service(readCompose(env), 'grafana').environment, 'grafana.environment').GF_SECURITY_ADMIN_PASSWORD;
    expect(password({})).toBe('admin');
    expect(password({ GRAFANA_ADMIN_PASSWORD: 's3cret' })).toBe('s3cret');
  });
});

describe('Grafana provisioning', () => {
  it('provisions one default Prometheus datasource whose uid is GRAFANA_DATASOURCE_UID', () => {
    const file = readYaml(DATASOURCES_FILE);
    expect(file.apiVersion).toBe(1);
    const datasources = list(file.datasources, 'datasources').map((entry) => record(entry, 'datasource'));
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({
      type: 'prometheus',
      uid: GRAFANA_DATASOURCE_UID,
      url: 'http://prometheus:9090',
      isDefault: true,
    });
  });

  it('points the datasource at the compose Prometheus service and its container port', () => {
    const datasource = record(list(readYaml(DATASOURCES_FILE).datasources, 'datasources')[0], 'datasource');
    const url = new URL(text(datasource.url, 'url'));
    const prometheus = publishedPorts(readCompose()).filter((port) => port.service === 'prometheus');
    expect(Object.keys(services(readCompose()))).toContain(url.hostname);
    expect(prometheus.map((port) => port.containerPort)).toContain(url.port);
  });

  it('sets the datasource time interval to the Prometheus scrape interval', () => {
    const datasource = record(list(readYaml(DATASOURCES_FILE).datasources, 'datasources')[0], 'datasource');
    const scrapeInterval = record(readYaml(PROMETHEUS_CONFIG_FILE).global, 'global').scrape_interval;
    expect(record(datasource.jsonData, 'jsonData').timeInterval).toBe(scrapeInterval);
  });

  it('loads read-only dashboards from the folder that compose mounts ./dashboards on', () => {
    const file = readYaml(DASHBOARD_PROVIDERS_FILE);
    expect(file.apiVersion).toBe(1);
    const providers = list(file.providers, 'providers').map((entry) => record(entry, 'provider'));
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({ type: 'file', folder: 'Histogram Demo', allowUiUpdates: false });
    const dashboardsMount = mounts(readYaml(COMPOSE_FILE)).binds.find((bind) => bind.source === './dashboards');
    expect(record(providers[0]?.options, 'options').path).toBe(dashboardsMount?.target);
  });
});

function withService(compose: Json, name: string, changes: Json): Json {
  const all = record(compose.services, 'services');
  return { ...compose, services: { ...all, [name]: { ...record(all[name], name), ...changes } } };
}
