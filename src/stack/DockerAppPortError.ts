import { DemoError } from '../errors/DemoError.js';

/**
 * Docker mode cannot scrape the direct app on another port: the containerised Prometheus scrapes it
 * at host.docker.internal on the port written in configs/prometheus/prometheus.yml.
 */
export class DockerAppPortError extends DemoError {
  override name = 'DockerAppPortError';
  constructor(
    readonly port: number,
    readonly scrapedPort: number,
    options?: ErrorOptions,
  ) {
    super(
      `with Docker, Prometheus scrapes the direct app on port ${scrapedPort} (configs/prometheus/prometheus.yml), not ${port}`,
      options,
    );
  }
}
