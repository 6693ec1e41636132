/** The Perses dashboards as the tests read them: panels in layout order and their queries. */
import type { PersesDashboard, PersesPanel } from '../../src/dashboards/perses/model.js';

/** Every panel, in the order the layouts place them (rows top to bottom, then as listed). */
export function persesPanels(dashboard: PersesDashboard): PersesPanel[] {
  return dashboard.spec.layouts.flatMap((layout) =>
    layout.spec.items.map((item) => {
      const panel = dashboard.spec.panels[item.content.$ref.replace('#/spec/panels/', '')];
      if (!panel) throw new Error(`${item.content.$ref} points at no panel`);
      return panel;
    }),
  );
}

export interface PersesQuery {
  readonly panel: PersesPanel;
  readonly query: { readonly query: string; readonly seriesNameFormat?: string };
}

/** Every Prometheus query of every panel, in layout order. */
export function persesQueries(dashboard: PersesDashboard): PersesQuery[] {
  return persesPanels(dashboard).flatMap((panel) =>
    panel.spec.queries.map((query) => ({ panel, query: query.spec.plugin.spec })),
  );
}
