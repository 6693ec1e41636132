import { describe, expect, it } from 'vitest';
import { whereToLook } from '../../src/cli/commands/start.js';
import { checkDockerOptions, type StackPortOptions } from '../../src/cli/stackOptions.js';
import { DEFAULT_PORTS } from '../../src/config/ports.js';
import { UsageError } from '../../src/errors/UsageError.js';

const ports = { ...DEFAULT_PORTS, prometheus: 19090, grafana: 13000, dashboards: 13001 };

describe("start's where-to-look lines", () => {
  it('name the Grafana that runs, on its own port', () => {
    const lines = whereToLook(ports, true);
    expect(lines).toContain('Prometheus: http://127.0.0.1:19090');
    expect(lines.filter((line) => line.startsWith('Grafana:'))).toEqual([
      'Grafana: http://127.0.0.1:13000 (dashboards provisioned from configs/grafana and dashboards/)',
    ]);
  });

  it('say that no Grafana runs when none was started, and how to get one', () => {
    const [grafana, ...others] = whereToLook(ports, false).filter((line) => line.startsWith('Grafana:'));
    expect(others).toEqual([]);
    expect(grafana).toMatch(/^Grafana: not started \(no Grafana binary on PATH\)/);
    expect(grafana).toContain('histogram-demo dashboards import --grafana-url URL');
  });
});

describe("start's dashboards line", () => {
  const dashboardsLines = (page: 'ready' | 'building' | 'none') =>
    whereToLook(ports, false, page).filter((line) => line.startsWith('Dashboards:'));

  it('gives the page’s URL on its own port once it serves', () => {
    expect(dashboardsLines('ready')).toEqual([
      'Dashboards: http://127.0.0.1:13001/ (Perses: a dashboard per pipeline and their comparison)',
    ]);
  });

  it('gives no URL while the first build runs, and says it will follow', () => {
    const [line, ...others] = dashboardsLines('building');
    expect(others).toEqual([]);
    expect(line).not.toContain('http');
    expect(line).toContain('printed here once it serves');
  });

  it('says how to serve them when this stack does not (Docker, --no-dashboards)', () => {
    expect(dashboardsLines('none')).toEqual([
      'Dashboards: not served by this stack. Serve them with `histogram-demo dashboards serve` (Perses page on 127.0.0.1:3001)',
    ]);
  });
});

describe("start's Graph tab line", () => {
  const graphLines = (ui: 'ready' | 'building') =>
    whereToLook(ports, false, 'none', ui).filter((line) => line.includes('Graph tab'));

  it('gives the Graph tab on its own port when the web UI serves', () => {
    expect(graphLines('ready')).toEqual(['  Graph tab: http://127.0.0.1:19090/query']);
  });

  it('says the web UI is still being built (its URL would answer 500 now) and that the API answers', () => {
    expect(graphLines('building')).toEqual([
      '  Graph tab: http://127.0.0.1:19090/query once its web UI is built (first run only, about a minute; the API answers now)',
    ]);
  });
});

describe('Docker mode', () => {
  const options = (appPort: number) => ({ appPort }) as StackPortOptions;

  it('takes the default direct-app port', () => {
    expect(() => checkDockerOptions(options(DEFAULT_PORTS.directApp))).not.toThrow();
  });

  it('refuses another --app-port in one line that says what to do', () => {
    expect(() => checkDockerOptions(options(18001))).toThrow(UsageError);
    expect(() => checkDockerOptions(options(18001))).toThrow(
      '--app-port 18001: with Docker, Prometheus scrapes the direct app on port 8001 (configs/prometheus/prometheus.yml); drop --app-port, or add --native',
    );
  });
});
