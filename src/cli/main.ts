#!/usr/bin/env node
import { main } from './program.js';

// Exit explicitly: after a failed final export, the OTLP exporter's retry timers would keep
// the process alive for seconds after everything recorded is settled (stdout and stderr
// are synchronous for files and pipes on POSIX, so nothing printed is lost).
process.exit(await main(process.argv.slice(2)));
