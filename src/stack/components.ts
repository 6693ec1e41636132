import { THANOS_COMPONENTS } from './thanos.js';

/**
 * The processes a native stack may run, in start order: the receivers before Prometheus, which
 * writes to them; the dashboards page after Prometheus, which it queries; `down` stops in reverse.
 */
export const COMPONENTS = ['collector', ...THANOS_COMPONENTS, 'prometheus', 'dashboards', 'grafana'] as const;
export type Component = (typeof COMPONENTS)[number];
