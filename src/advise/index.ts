export { AdviseFileError } from './AdviseFileError.js';
export { type AdviceFile, formatAdviceFile, parseAdviceFile } from './adviceFile.js';
export { type AdviseObjective, adviseMetric, DEFAULT_OBJECTIVE, type MetricAdvice, type Predicted } from './advise.js';
export { renderAdvice } from './format.js';
export { Reference } from './Reference.js';
export { instrumentName, snippets } from './snippets.js';
