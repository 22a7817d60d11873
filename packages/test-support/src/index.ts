export type { EmulatorEndpoints } from './provided-context.js';
