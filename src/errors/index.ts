export { DemoError } from './DemoError.js';
export { GrafanaAuthError } from './GrafanaAuthError.js';
export { GrafanaError } from './GrafanaError.js';
export { GrafanaUnreachableError } from './GrafanaUnreachableError.js';
export { PortInUseError } from './PortInUseError.js';
export { PrometheusError } from './PrometheusError.js';
export { StackError } from './StackError.js';
export { UsageError } from './UsageError.js';
