type Log = (line: string) => void;

const HEARTBEAT_MS = 30_000;

/** "45 s", "2 min", "3 min 30 s". */
export function duration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}

/**
 * Runs one first-run build step with visible progress: a start line with the usual cold
 * duration, a line every 30 s with the time elapsed (builds run concurrently, so each line
 * names its step), and the time it took. A first run must never look hung.
 *
 * @example
 *   await withHeartbeat(log, 'building Prometheus', compile(), 120);
 *   //   building Prometheus (usually about 2 min on 2 cores)...
 *   //   ... building Prometheus: 30 s of about 2 min
 *   //   building Prometheus: done in 1 min 52 s
 */
export async function withHeartbeat<T>(log: Log, what: string, work: Promise<T>, estimateSeconds?: number): Promise<T> {
  const started = Date.now();
  const estimate = estimateSeconds === undefined ? '' : ` of about ${duration(estimateSeconds * 1000)}`;
  log(
    `  ${what}${estimateSeconds === undefined ? '' : ` (usually about ${duration(estimateSeconds * 1000)} on 2 cores)`}...`,
  );
  const timer = setInterval(() => log(`  ... ${what}: ${duration(Date.now() - started)}${estimate}`), HEARTBEAT_MS);
  try {
    const result = await work;
    log(`  ${what}: done in ${duration(Date.now() - started)}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}
