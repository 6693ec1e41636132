export { AGGREGATIONS, type HistogramAggregation, LogfireRecorder } from './logfire/LogfireRecorder.js';
export { DirectRecorder } from './prom/DirectRecorder.js';
export { formatUpload, runWorkload } from './runWorkload.js';
export type { UploadRecorder } from './UploadRecorder.js';
