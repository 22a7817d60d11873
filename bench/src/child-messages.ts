import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the next IPC message of `type` a benchmark's child process sends; rejects after
 * `timeoutMs` (a step that has not happened by then has failed: the run stops instead of hanging).
 * `who` names the child in the error.
 */
export function nextMessage<T>(
  child: ChildProcess,
  type: string,
  guard: { who: string; timeoutMs: number },
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${guard.who}: no '${type}' message`)),
      guard.timeoutMs,
    );
    const onMessage = (message: { type?: string }): void => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message as T);
    };
    child.on('message', onMessage);
  });
}
