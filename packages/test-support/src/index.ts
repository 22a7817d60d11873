export { emulatorClient } from './emulator-client.js';
export type { EmulatorEndpoints } from './provided-context.js';
