import { buildSimulator } from '../src/simulator.js';

/** The scenarios that start the simulator start its bundle: built once per run. */
export async function setup(): Promise<void> {
  await buildSimulator();
}
