export * from './common.js';
export * from './dashboard.js';
export * from './grafanaImport.js';
export * from './pipelines.js';
export * from './queries.js';
