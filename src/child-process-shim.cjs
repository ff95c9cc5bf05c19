// Stands in for node:child_process inside the bundled commander (scripts/bundle.mjs aliases it).
// commander requires it when it loads, for executable subcommands ziti-status does not have, and
// that require (child_process with net and dgram) is a millisecond of every --help. Here it
// loads only if a subprocess is ever spawned.
'use strict';

module.exports = {
  spawn: (...args) => require('node:child_process').spawn(...args),
};
