/** Polls a condition (every 50 ms) until it holds; throws with the description after the timeout. */
export async function waitUntil(condition: () => boolean, description: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The lines of a CLI's output that start with the prefix. */
export function linesStartingWith(output: string, prefix: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(prefix));
}

/** How often a text occurs in the output. */
export function occurrences(output: string, text: string): number {
  return output.split(text).length - 1;
}
