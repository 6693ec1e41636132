export * from './exact.js';
export * from './observations.js';
export { MAX_SEED, SeededRandom } from './SeededRandom.js';
export * from './uploads.js';
