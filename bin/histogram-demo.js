#!/usr/bin/env node
// Compiled by `npm install` (prepare) or `npm run build`.
import '../dist/cli/main.js';
