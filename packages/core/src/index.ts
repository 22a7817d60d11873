export * from './errors.js';
export * from './hash-key.js';
export type * from './lambda-event.js';
export * from './limits.js';
export * from './md5.js';
export * from './sequence-numbers.js';
export * from './shard-prediction.js';
