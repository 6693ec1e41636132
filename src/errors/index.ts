export { DemoError } from './DemoError.js';
export { PortInUseError } from './PortInUseError.js';
export { StackError } from './StackError.js';
export { UsageError } from './UsageError.js';
