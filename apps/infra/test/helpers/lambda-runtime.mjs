// Runs a deployed function's code the way the Lambda Node.js runtime does, in a plain Node.js
// process (no TypeScript loader, no workspace resolution): the handler setting "<module>.<export>"
// is resolved in the task root, trying .js, .mjs and .cjs; the export is called with the event.
//
//   node lambda-runtime.mjs <task root> <handler setting>     (event JSON on stdin)
//
// The result goes back over the IPC channel: the handler's own logs use stdout and stderr.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [taskRoot, handlerSetting] = process.argv.slice(2);
const dot = handlerSetting.lastIndexOf('.');
const moduleName = handlerSetting.slice(0, dot);
const exportName = handlerSetting.slice(dot + 1);
const file = ['.js', '.mjs', '.cjs']
  .map((extension) => join(taskRoot, `${moduleName}${extension}`))
  .find((candidate) => existsSync(candidate));
if (file === undefined) throw new Error(`No module ${moduleName} in ${taskRoot}`);

const handler = (await import(pathToFileURL(file).href))[exportName];
if (typeof handler !== 'function') throw new Error(`${file} exports no function ${exportName}`);

let input = '';
for await (const chunk of process.stdin) input += chunk;
const context = {
  functionName: 'readings-handler',
  awsRequestId: '00000000-0000-4000-8000-000000000000',
  getRemainingTimeInMillis: () => 30_000,
};
const result = await handler(JSON.parse(input), context);
process.send({ result }, () => process.disconnect());
