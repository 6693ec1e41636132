/** The lines of a CLI's output that start with the prefix. */
export function linesStartingWith(output: string, prefix: string): string[] {
  return output.split('\n').filter((line) => line.startsWith(prefix));
}

/** How often a text occurs in the output. */
export function occurrences(output: string, text: string): number {
  return output.split(text).length - 1;
}
