/** A TCP port that is free right now on 127.0.0.1, chosen by the kernel. */
export { freePort } from '../../src/net/ports.js';
