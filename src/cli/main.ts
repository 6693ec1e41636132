#!/usr/bin/env node
import { main } from './program.js';

// Exit explicitly: after a failed final export, the OTLP exporter's retry timers would keep
// the process alive for seconds after everything recorded is settled. Pipes are asynchronous
// when the reader is slow (a large `doctor --json`): let both streams drain first.
const code = await main(process.argv.slice(2));
await Promise.all(
  [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))),
);
process.exit(code);
