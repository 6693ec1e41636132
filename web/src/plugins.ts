import * as barChart from '@perses-dev/bar-chart-plugin';
import * as heatmapChart from '@perses-dev/heatmap-chart-plugin';
import * as histogramChart from '@perses-dev/histogram-chart-plugin';
import * as pieChart from '@perses-dev/pie-chart-plugin';
import { dynamicImportPluginLoader, type PluginModuleResource } from '@perses-dev/plugin-system';
import * as prometheus from '@perses-dev/prometheus-plugin';
import * as statChart from '@perses-dev/stat-chart-plugin';
import * as timeSeriesChart from '@perses-dev/timeseries-chart-plugin';
import * as histogramDemo from './heatmap/HeatmapPanel';

/** Our own panels, registered like a plugin package (no module federation: a static import). */
const histogramDemoModule: PluginModuleResource = {
  kind: 'PluginModule',
  metadata: { name: 'histogram-demo-panels', version: '1.0.0' },
  spec: {
    plugins: [
      {
        kind: 'Panel',
        spec: { name: 'ClassicHeatmapChart', display: { name: 'Classic histogram heatmap (log axis)' } },
      },
      {
        kind: 'Panel',
        spec: { name: 'NativeHeatmapChart', display: { name: 'Native histogram heatmap (log axis)' } },
      },
    ],
  },
};

interface PluginPackage {
  getPluginModule(): unknown;
}

/** Each plugin package's module resource, from its own package.json (what the Perses server would list). */
function resourceOf(pkg: PluginPackage): PluginModuleResource {
  return pkg.getPluginModule() as PluginModuleResource;
}

/**
 * Every plugin the page draws with, imported statically into the bundle. The loader's
 * importPlugin resolves to the module whose named exports are the plugin kinds.
 */
export const pluginLoader = dynamicImportPluginLoader([
  { resource: resourceOf(prometheus), importPlugin: async () => prometheus },
  { resource: resourceOf(timeSeriesChart), importPlugin: async () => timeSeriesChart },
  { resource: resourceOf(statChart), importPlugin: async () => statChart },
  { resource: resourceOf(heatmapChart), importPlugin: async () => heatmapChart },
  { resource: resourceOf(histogramChart), importPlugin: async () => histogramChart },
  { resource: resourceOf(barChart), importPlugin: async () => barChart },
  { resource: resourceOf(pieChart), importPlugin: async () => pieChart },
  { resource: histogramDemoModule, importPlugin: async () => histogramDemo },
]);
