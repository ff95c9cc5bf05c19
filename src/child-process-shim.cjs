// Stands in for node:child_process inside the bundled commander (scripts/bundle.mjs aliases it).
// commander requires it when it loads, for executable subcommands ziti-status does not have, and
// that require (child_process with net and dgram) is a millisecond of every --help. Here it
// loads only if a subprocess is ever spawned.
'use strict';

// The name is not a literal, or the bundler would alias this require to this shim too (a loop).
const CHILD_PROCESS = 'node:child_process';

module.exports = {
  spawn: (...args) => require(CHILD_PROCESS).spawn(...args),
};
