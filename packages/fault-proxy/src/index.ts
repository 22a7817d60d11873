export type { BatchWriteSplit, PutRecordsSplit } from './operations.js';
export { splitBatchWrite, splitPutRecords } from './operations.js';
export type { FaultProxy, FaultProxyOptions } from './proxy.js';
export { startFaultProxy } from './proxy.js';
export { seededRandom } from './random.js';
export type { RestartableKinesalite } from './restartable-kinesalite.js';
export { startRestartableKinesalite } from './restartable-kinesalite.js';
export type { FaultPlan, FaultStats } from './types.js';
