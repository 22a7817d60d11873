import { type LiveView, startLiveView } from './server.js';

/** Where the live view's lines go: stdout with the progress lines, stderr with `--json`. */
export interface LineStream {
  write(text: string): unknown;
}

/**
 * Starts the live view when `--ui` asks for it and prints its address.
 *
 * @example
 * ```ts
 * import { openLiveView } from './cli.js';
 *
 * const view = await openLiveView({ ui: true, uiPort: undefined }, process.stdout);
 * await view?.close();
 * ```
 */
export async function openLiveView(
  options: { ui: boolean; uiPort: number | undefined },
  out: LineStream,
): Promise<LiveView | undefined> {
  if (!options.ui) return undefined;
  const view = await startLiveView({ port: options.uiPort ?? 0 });
  out.write(`Live view: ${view.url}\n`);
  return view;
}

/**
 * Says the page stays open, and resolves on the next SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * import { holdLiveView, openLiveView } from './cli.js';
 *
 * const view = await openLiveView({ ui: true, uiPort: 0 }, process.stdout);
 * if (view !== undefined) await holdLiveView(view, process.stdout); // until Ctrl-C
 * ```
 */
export function holdLiveView(view: LiveView, out: LineStream): Promise<void> {
  out.write(`The live view stays open on the final state at ${view.url}; press Ctrl-C to exit\n`);
  return new Promise<void>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve());
  });
}
