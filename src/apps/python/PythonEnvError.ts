import { DemoError } from '../../errors/DemoError.js';

/** The Python apps' environment cannot be made: no Python 3, no venv module, or an install that failed. */
export class PythonEnvError extends DemoError {
  override name = 'PythonEnvError';
}
