import { Box, CssBaseline, Link, ThemeProvider, Typography } from '@mui/material';
import {
  ChartsProvider,
  ErrorAlert,
  ErrorBoundary,
  generateChartsTheme,
  getTheme,
  SnackbarProvider,
} from '@perses-dev/components';
import type { DashboardResource, GlobalDatasourceResource } from '@perses-dev/core';
import { type DatasourceApi, ViewDashboard } from '@perses-dev/dashboards';
import { PluginRegistry } from '@perses-dev/plugin-system';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as echarts from 'echarts/core';
import { type ReactElement, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryParamProvider } from 'use-query-params';
import { WindowHistoryAdapter } from 'use-query-params/adapters/window';
import { pluginLoader } from './plugins';

/**
 * The one datasource every dashboard uses: the server's same-origin proxy to Prometheus (or
 * whatever `--prometheus-url` named). Dashboards select it by name `prometheus`, or by default.
 */
const PROMETHEUS: GlobalDatasourceResource = {
  kind: 'GlobalDatasource',
  metadata: { name: 'prometheus' },
  spec: {
    default: true,
    plugin: { kind: 'PrometheusDatasource', spec: { directUrl: '/api/prometheus' } },
  },
};

const datasourceApi: DatasourceApi = {
  getDatasource: async () => undefined,
  getGlobalDatasource: async (selector) =>
    selector.kind === PROMETHEUS.spec.plugin.kind && (selector.name === undefined || selector.name === 'prometheus')
      ? PROMETHEUS
      : undefined,
  listDatasources: async () => [],
  listGlobalDatasources: async (kind) =>
    kind === undefined || kind === PROMETHEUS.spec.plugin.kind ? [PROMETHEUS] : [],
};

const muiTheme = getTheme('light');
const chartsTheme = generateChartsTheme(muiTheme, {});
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 0 } } });

// Tests and the screenshot script read what each chart drew (echarts.getInstanceByDom).
(window as unknown as { histogramDemoEcharts: typeof echarts }).histogramDemoEcharts = echarts;

function dashboardName(): string | undefined {
  const match = /^\/dashboards\/([^/]+)\/?$/.exec(window.location.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

function Title({ resource }: { resource: DashboardResource }): ReactElement {
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2 }}>
      <Link href="/" underline="hover">
        All dashboards
      </Link>
      <Typography variant="h2" component="h1">
        {resource.spec.display?.name ?? resource.metadata.name}
      </Typography>
    </Box>
  );
}

function DashboardPage({ name }: { name: string }): ReactElement {
  const [resource, setResource] = useState<DashboardResource>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    fetch(`/api/dashboards/${encodeURIComponent(name)}`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
        const loaded = (await response.json()) as DashboardResource;
        document.title = `${loaded.spec.display?.name ?? loaded.metadata.name} - histogram demo`;
        setResource(loaded);
      })
      .catch((cause: unknown) => setError(cause instanceof Error ? cause : new Error(String(cause))));
  }, [name]);
  if (error) return <ErrorAlert error={error} />;
  if (!resource) return <Typography sx={{ p: 2 }}>Loading {name}...</Typography>;
  return (
    <ViewDashboard
      dashboardResource={resource}
      datasourceApi={datasourceApi}
      dashboardTitleComponent={<Title resource={resource} />}
      isReadonly={true}
      isEditing={false}
      isVariableEnabled={true}
      isDatasourceEnabled={false}
    />
  );
}

function App(): ReactElement {
  const name = dashboardName();
  return (
    <ThemeProvider theme={muiTheme}>
      <CssBaseline />
      <ChartsProvider chartsTheme={chartsTheme}>
        <SnackbarProvider anchorOrigin={{ vertical: 'top', horizontal: 'right' }}>
          <QueryClientProvider client={queryClient}>
            <QueryParamProvider adapter={WindowHistoryAdapter}>
              <PluginRegistry
                pluginLoader={pluginLoader}
                defaultPluginKinds={{ TimeSeriesQuery: 'PrometheusTimeSeriesQuery' }}
              >
                <ErrorBoundary FallbackComponent={ErrorAlert}>
                  {name ? (
                    <DashboardPage name={name} />
                  ) : (
                    <Typography sx={{ p: 2 }}>
                      No dashboard in this URL: see <Link href="/">the list</Link>.
                    </Typography>
                  )}
                </ErrorBoundary>
              </PluginRegistry>
            </QueryParamProvider>
          </QueryClientProvider>
        </SnackbarProvider>
      </ChartsProvider>
    </ThemeProvider>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
