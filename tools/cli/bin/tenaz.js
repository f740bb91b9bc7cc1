#!/usr/bin/env node
// `npx tenaz …` after `npm ci && npm run build`: the compiled CLI (tools/cli/dist).
require('../dist/main.js');
