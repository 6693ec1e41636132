export { DemoError } from './DemoError.js';
export { GrafanaAuthError } from './GrafanaAuthError.js';
export { GrafanaError } from './GrafanaError.js';
export { GrafanaUnreachableError } from './GrafanaUnreachableError.js';
export { InvalidSeedError } from './InvalidSeedError.js';
export { PortInUseError } from './PortInUseError.js';
export { StackError } from './StackError.js';
export { UsageError } from './UsageError.js';
