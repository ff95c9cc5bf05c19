// Bounds the commands share, in a module of their own so that --help can name them without
// loading the run: the argument parser is bundled apart from the commands (scripts/bundle.mjs).

/** The shortest interval between polls (--watch, serve --interval): a shorter one only adds load. */
export const MIN_INTERVAL_MS = 250;
