// Public surface of the simulated OpenZiti HA controller cluster (tests, --demo, `simulate`).
export { startCluster, type StartOptions } from './start.js';
export { SimCluster, type SimNodeInfo, type GroundTruth, type RequestLogEntry } from './cluster.js';
export type { SimTlsOptions } from './node-tls.js';
export type { AuthStats } from './auth-store.js';
export {
  parseScenario,
  loadScenarioFile,
  ScenarioError,
  ENDPOINT_NAMES,
  type Scenario,
  type ScenarioInput,
  type EndpointName,
  type ResponseFault,
  type Step,
  AUTH_MODES,
  type AuthMode,
  type UserSpec,
} from './scenario.js';
export { builtinScenario, BUILTIN_SCENARIO_NAMES, type BuiltinScenarioName } from './builtin-scenarios.js';
export type { NodeState } from './cluster-model.js';
