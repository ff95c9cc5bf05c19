#!/usr/bin/env node
// Shebang plus the built entry; everything else lives in src/ (built to dist/ by `npm run build`).
import { runProcess } from '../dist/entry.js';

await runProcess();
