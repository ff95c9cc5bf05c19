// main()'s commands from source, as tests run the CLI in-process (the bundle loads them from its own file).
import type { LoadCommands } from '../../src/commands/index.js';

export const loadCommands: LoadCommands = () => import('../../src/commands/index.js');
