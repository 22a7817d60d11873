import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNTIME = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));

/** What a child invocation returned and printed. */
export interface Invocation {
  readonly result: unknown;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Invokes a function's code in a child Node.js process as the Lambda runtime would: `taskRoot`
 * holds the code, `handler` is the function's handler setting, `env` its whole environment.
 * Fails after `timeoutMs`.
 */
export function invokeInChild(
  taskRoot: string,
  handler: string,
  options: { event: unknown; env: Record<string, string>; timeoutMs: number },
): Promise<Invocation> {
  const { event, env, timeoutMs } = options;
  return new Promise((resolve, reject) => {
    const child = fork(RUNTIME, [taskRoot, handler], {
      cwd: taskRoot,
      env,
      // A plain Node.js, not the test runner's loaders.
      execArgv: [],
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    let result: unknown;
    let answered = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('message', (message) => {
      answered = true;
      result = (message as { result: unknown }).result;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The handler did not answer within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (answered && code === 0) resolve({ result, stdout, stderr });
      else reject(new Error(`The handler process exited with ${code}\n${stderr}`));
    });
    child.stdin?.end(JSON.stringify(event));
  });
}
