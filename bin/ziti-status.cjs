#!/usr/bin/env node
// Shebang plus the built entry; everything else lives in src/ (bundled to dist/bundle by `npm run build`).
import { runProcess } from '../dist/bundle/ziti-status.js';

await runProcess();
