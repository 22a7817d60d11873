/**
 * Runs kinesalite and dynalite in a process of their own for the soak, so that the memory the
 * soak measures is the pipeline's (producer, trigger, handler, SDK clients), not the emulators'
 * in-memory stores growing with every record. Prints one JSON line with the endpoints; stops on
 * SIGTERM or when its parent closes stdin.
 */
import { startEmulators } from '@kds/emulators';

const emulators = await startEmulators();
process.stdout.write(
  `${JSON.stringify({ kinesis: emulators.kinesis.endpoint, dynamodb: emulators.dynamodb.endpoint })}\n`,
);
let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await emulators.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
