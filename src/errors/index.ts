export { DemoError } from './DemoError.js';
export { PortInUseError } from './PortInUseError.js';
export { UsageError } from './UsageError.js';
