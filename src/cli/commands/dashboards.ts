import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_HOST } from '../../config/defaults.js';
import { parseHttpUrl } from '../../config/env.js';
import { DEFAULT_PORTS } from '../../config/ports.js';
import { generateDashboards, writeDashboards } from '../../dashboards/dashboard.js';
import { resolveGrafanaTarget } from '../../dashboards/grafanaAuth.js';
import { importDashboards } from '../../dashboards/grafanaImport.js';
import { writePersesDashboards } from '../../dashboards/perses/dashboards.js';
import { dashboardPipelines } from '../../dashboards/pipelines.js';
import { formatReadmeQueries, readmeQueries } from '../../dashboards/readmeQueries.js';
import { ensureDashboardsBundle, waitForGoAhead } from '../../page/bundle.js';
import { startDashboardsServer } from '../../page/server.js';
import { INSTALLED_AS_PACKAGE, PACKAGE_ROOT } from '../../stack/paths.js';
import { port, positiveNumber } from '../parsers.js';
import { prepareOutputFolder } from '../pathFlags.js';

const log = (line: string) => console.log(line);

/** Where `dashboards build` writes by default: the committed dashboards/ that provisioning mounts. */
/** The repo's dashboards/ (what Grafana provisions); installed as a package: ./dashboards where it runs. */
export const DEFAULT_DASHBOARDS_DIR = INSTALLED_AS_PACKAGE ? resolve('dashboards') : join(PACKAGE_ROOT, 'dashboards');

/** Where the dashboards page reads its Perses dashboards by default (`dashboards build` writes them). */
export const DEFAULT_PERSES_DASHBOARDS_DIR = join(PACKAGE_ROOT, 'dashboards/perses');

interface ServeFlags {
  dashboardsPort: number;
  host: string;
  prometheusUrl: string;
  dashboardsDir: string;
  buildAfter?: string;
  buildAfterPid?: number;
}

interface ImportFlags {
  grafanaUrl: string;
  prometheusUrl: string;
  user?: string;
  password?: string;
  token?: string;
  timeout: number;
}

/** `dashboards build`: the Grafana and Perses JSON files. */
function addBuild(dashboards: Command): void {
  dashboards
    .command('build')
    .description(
      'write one dashboard per pipeline and their comparison: Grafana JSON (what provisioning loads) and, ' +
        'under perses/, Perses resources (what the dashboards page serves)',
    )
    .option('--out <dir>', 'folder to write into', DEFAULT_DASHBOARDS_DIR)
    .action(async (options: { out: string }) => {
      await prepareOutputFolder('--out', options.out);
      for (const path of await writeDashboards(resolve(options.out))) log(`Wrote ${path}`);
      for (const path of await writePersesDashboards(resolve(options.out))) log(`Wrote ${path}`);
    });
}

/** `dashboards queries`: the README's example queries. */
function addQueries(dashboards: Command): void {
  dashboards
    .command('queries')
    .description("print the README's example PromQL queries for every pipeline of the registry")
    .action(() => {
      process.stdout.write(formatReadmeQueries(readmeQueries(dashboardPipelines())));
    });
}

/** `dashboards import`: every dashboard saved into a running Grafana. */
function addImport(dashboards: Command): void {
  dashboards
    .command('import')
    .description(
      'create the Prometheus datasource if missing and save every dashboard into a running Grafana (overwriting)',
    )
    .option('--grafana-url <url>', 'Grafana base URL', `http://localhost:${DEFAULT_PORTS.grafana}`)
    .option(
      '--prometheus-url <url>',
      'Prometheus as Grafana reaches it, used only when the datasource must be created',
      `http://localhost:${DEFAULT_PORTS.prometheus}`,
    )
    .addOption(new Option('--user <name>', 'Grafana user (default $GRAFANA_USER)').conflicts('token'))
    .addOption(new Option('--password <password>', 'its password (default $GRAFANA_PASSWORD)').conflicts('token'))
    .option('--token <token>', 'service account token instead of a user (default $GRAFANA_TOKEN)')
    .option(
      '--timeout <seconds>',
      'how long to wait for Grafana to answer /api/health',
      positiveNumber('--timeout'),
      60,
    )
    .action(async (options: ImportFlags) => {
      const { url, auth } = resolveGrafanaTarget(options.grafanaUrl, options, process.env);
      const prometheusUrl = parseHttpUrl(options.prometheusUrl, '--prometheus-url').href.replace(/\/$/, '');
      const imported = await importDashboards({
        grafanaUrl: url,
        auth,
        prometheusUrl,
        dashboards: generateDashboards().map(({ title, dashboard }) => ({ title, dashboard })),
        healthTimeoutMs: options.timeout * 1000,
        log,
      });
      for (const dashboard of imported) log(`${dashboard.title}: ${dashboard.url}`);
    });
}

/** `dashboards serve`: the Perses dashboards page. */
function addServe(dashboards: Command): void {
  dashboards
    .command('serve')
    .description(
      'serve the Perses dashboards page: / lists every dashboard, queries go through a same-origin proxy to Prometheus (the page is built on first use)',
    )
    .option('--dashboards-port <port>', 'port to listen on', port('--dashboards-port'), DEFAULT_PORTS.dashboards)
    .option('--host <address>', 'address to listen on (loopback by default)', DEFAULT_HOST)
    .option(
      '--prometheus-url <url>',
      'Prometheus (or any Prometheus-compatible API, e.g. Thanos query) the page queries',
      `http://localhost:${DEFAULT_PORTS.prometheus}`,
    )
    .option('--dashboards-dir <dir>', 'folder of Perses dashboard JSON files', DEFAULT_PERSES_DASHBOARDS_DIR)
    // Set by the native stack when it still builds Go binaries (promtool after Prometheus on a
    // first start from source): the page build starts once that file exists or that process ended.
    .addOption(new Option('--build-after <file>', 'start the page build once this file exists').hideHelp())
    .addOption(
      new Option('--build-after-pid <pid>', '... or once this process has ended')
        .argParser(positiveNumber('--build-after-pid'))
        .hideHelp(),
    )
    // Read by nothing here: on the command line it ties the process to its stack, as every other part's path does.
    .option(
      '--state-dir <dir>',
      'state folder of the native stack this page belongs to (stack up sets it; stack down --state-dir stops only its own page)',
    )
    .action(serveDashboards);
}

/** Serves the page until SIGINT or SIGTERM, building its bundle on first use. */
async function serveDashboards(options: ServeFlags): Promise<void> {
  const prometheusUrl = parseHttpUrl(options.prometheusUrl, '--prometheus-url').href.replace(/\/$/, '');
  // A stop while the page builds ends the build's npm and vite too (the stack stops us by pid).
  const building = new AbortController();
  const goAhead =
    options.buildAfter && options.buildAfterPid
      ? waitForGoAhead(log, { file: options.buildAfter, pid: options.buildAfterPid }, building.signal)
      : Promise.resolve();
  const bundle = goAhead.then(() => ensureDashboardsBundle(log, process.env, building.signal));
  // The build's failure is reported by the server (on its pages and /-/ready), not thrown here.
  bundle.catch(() => {});
  const server = await startDashboardsServer({
    host: options.host,
    port: options.dashboardsPort,
    prometheusUrl,
    dashboardsDir: resolve(options.dashboardsDir),
    bundle,
    log,
  });
  log(`Dashboards: ${server.url}/ (queries go to ${prometheusUrl})`);
  bundle.then(
    () => log(`Dashboards page ready at ${server.url}/`),
    () => {},
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      building.abort();
      Promise.allSettled([server.close(), bundle]).then(() => done());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function dashboardsCommand(): Command {
  const dashboards = new Command('dashboards').description(
    'Grafana dashboards: generate their JSON, print the example queries, import them into a running Grafana',
  );
  addBuild(dashboards);
  addQueries(dashboards);
  addImport(dashboards);
  addServe(dashboards);
  return dashboards;
}
