import { DemoError } from '../errors/DemoError.js';

/** A pipeline description that cannot name series; the CLI turns it into a usage message. */
export class PipelineTemplateError extends DemoError {
  override name = 'PipelineTemplateError';

  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`pipeline "${template}": ${reason}`);
  }
}
