/**
 * The embedded emulators (`startEmulators`: kinesalite and dynalite) in a process of their own, so
 * that the benchmark process's CPU time is the reader's alone and the emulators do not share its
 * event loop. Sends `{ type: 'ready', kinesis, dynamodb, emulator }` once listening; answers
 * `{ type: 'cpu' }` with its `process.cpuUsage()`; stops when the parent disconnects.
 */
import { startEmulators } from '@kds/emulators';

const emulators = await startEmulators();
process.on('message', (message: { type?: string }) => {
  if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
});
process.once('disconnect', () => {
  void emulators.stop().then(() => process.exit(0));
});
process.send?.({
  type: 'ready',
  kinesis: emulators.kinesis.endpoint,
  dynamodb: emulators.dynamodb.endpoint,
  emulator: emulators.kinesisEmulator,
});
