import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { LiveViewPageError } from '../errors.js';
import type { RunObserver } from './observer.js';
import type { LiveSnapshot } from './snapshot.js';
import { createSnapshotModel, type SnapshotModel } from './snapshot-model.js';

/** The page is for this machine only: the server listens on loopback and nowhere else. */
export const LIVE_VIEW_HOST = '127.0.0.1';
/** Snapshots a second: often enough to look live, seldom enough to cost nothing. */
export const DEFAULT_TICK_MS = 250;
/**
 * Bytes a browser may leave unread before it is skipped: a slow or stalled page gets the next
 * snapshot instead (each is complete), and the run never waits for it.
 */
export const DEFAULT_MAX_UNSENT_BYTES = 512 * 1024;
/** How often the workers' lease table is read (`--consumer worker`). */
export const DEFAULT_LEASE_POLL_MS = 1_000;

/**
 * The page's files: beside this module when it runs from source (`src/ui/page/`); when the
 * simulator runs bundled into one file under `dist/` (as its tests start it), still in the
 * sources, which the bundle does not copy.
 */
export const PAGE_DIR = existsSync(new URL('./page/', import.meta.url))
  ? new URL('./page/', import.meta.url)
  : new URL('../src/ui/page/', import.meta.url);
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/charts.js': { file: 'charts.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Options of {@link startLiveView}. */
export interface LiveViewOptions {
  /** Port on 127.0.0.1; default 0, a free port the OS picks. */
  readonly port?: number;
  /** Time between snapshots. Default {@link DEFAULT_TICK_MS}. */
  readonly tickMs?: number;
  /** Unread bytes after which a browser skips snapshots. Default {@link DEFAULT_MAX_UNSENT_BYTES}. */
  readonly maxUnsentBytes?: number;
  /** Time between two reads of the lease table. Default {@link DEFAULT_LEASE_POLL_MS}. */
  readonly leasePollMs?: number;
  /** The folder of the page's files. Default {@link PAGE_DIR}, the simulator's own. */
  readonly pageDir?: URL;
}

/** Counters of what the server sent, for tests and the benchmark. */
export interface LiveViewStats {
  /** Browsers connected now. */
  readonly clients: number;
  /** Snapshots written to a browser. */
  readonly sent: number;
  /** Snapshots a browser skipped because it had not read the earlier ones yet. */
  readonly skipped: number;
}

/** A running live view. */
export interface LiveView {
  /** The page's address, `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** What the run reports to. */
  readonly observer: RunObserver;
  /** The snapshot the page would show now. */
  snapshot(): LiveSnapshot;
  stats(): LiveViewStats;
  /** Ends every browser's stream and stops the server. */
  close(): Promise<void>;
}

interface Client {
  readonly response: ServerResponse;
}

/**
 * Reads every page file before the server listens, so a simulator whose page is missing fails at
 * once with {@link LiveViewPageError} instead of serving a page that never loads.
 */
async function readPageFiles(pageDir: URL): Promise<Map<string, { body: Buffer; type: string }>> {
  const pages = new Map<string, { body: Buffer; type: string }>();
  for (const [path, { file, type }] of Object.entries(PAGE_FILES)) {
    const url = new URL(file, pageDir);
    try {
      pages.set(path, { body: await readFile(url), type });
    } catch (cause) {
      throw new LiveViewPageError(fileURLToPath(url), { cause });
    }
  }
  return pages;
}

const frame = (snapshot: LiveSnapshot): string =>
  `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;

/**
 * Serves the live view of a run on 127.0.0.1: a static page (plain HTML, CSS and JavaScript, no
 * build step), `/events` (Server-Sent Events: one complete snapshot per tick) and
 * `/snapshot.json`. The run reports to {@link LiveView.observer}; a model keeps the figures and the
 * server sends a snapshot every `tickMs`. A browser that has not read what it was sent skips
 * snapshots; none is ever waited for.
 *
 * @example
 * ```ts
 * import { startLiveView } from './server.js';
 *
 * const view = await startLiveView({ port: 0 });
 * console.log(`Live view: ${view.url}`);
 * view.observer.stageChanged('sending');
 * await view.close();
 * ```
 */
export async function startLiveView(options: LiveViewOptions = {}): Promise<LiveView> {
  const {
    port = 0,
    tickMs = DEFAULT_TICK_MS,
    maxUnsentBytes = DEFAULT_MAX_UNSENT_BYTES,
    leasePollMs = DEFAULT_LEASE_POLL_MS,
    pageDir = PAGE_DIR,
  } = options;
  const pages = await readPageFiles(pageDir);
  const model: SnapshotModel = createSnapshotModel({ tickMs });
  const clients = new Set<Client>();
  let sent = 0;
  let skipped = 0;

  const send = (client: Client, data: string): void => {
    if (client.response.writableLength > maxUnsentBytes) {
      skipped += 1;
      return;
    }
    client.response.write(data);
    sent += 1;
  };

  const broadcast = (): void => {
    if (clients.size === 0) return;
    const data = frame(model.snapshot());
    for (const client of clients) send(client, data);
  };

  let allowedHosts: Set<string> = new Set();
  const serve = (request: IncomingMessage, response: ServerResponse): void => {
    // A page elsewhere may resolve its own name to 127.0.0.1 (DNS rebinding): answer only to
    // requests addressed to this server by its loopback name.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(421, SECURITY_HEADERS).end('Misdirected request\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') {
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      const client: Client = { response };
      clients.add(client);
      response.write(`retry: 1000\n\n${frame(model.snapshot())}`);
      const forget = (): void => {
        clients.delete(client);
      };
      request.on('close', forget);
      response.on('error', forget);
      return;
    }
    if (path === '/snapshot.json') {
      response
        .writeHead(200, {
          ...SECURITY_HEADERS,
          'content-type': 'application/json',
          'cache-control': 'no-store',
        })
        .end(JSON.stringify(model.snapshot()));
      return;
    }
    const page = pages.get(path);
    if (page === undefined) {
      response.writeHead(404, SECURITY_HEADERS).end('Not found\n');
      return;
    }
    response
      .writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': page.type,
        'cache-control': 'no-store',
      })
      .end(request.method === 'HEAD' ? undefined : page.body);
  };

  const server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LIVE_VIEW_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  allowedHosts = new Set([`${LIVE_VIEW_HOST}:${bound}`, `localhost:${bound}`]);

  const ticker = setInterval(() => {
    model.tick();
    broadcast();
  }, tickMs);
  let leaseRead: Promise<void> | undefined;
  const leasePoller = setInterval(() => {
    const probe = model.probe();
    if (probe?.kind !== 'worker' || leaseRead !== undefined) return;
    leaseRead = probe
      .leases()
      .then((leases) => model.leasesRead(leases))
      .catch(() => {})
      .finally(() => {
        leaseRead = undefined;
      });
  }, leasePollMs);

  const observer: RunObserver = {
    ...model,
    runFinished(outcome) {
      model.runFinished(outcome);
      // The final figures at once, not at the next tick.
      broadcast();
    },
  };

  return {
    url: `http://${LIVE_VIEW_HOST}:${bound}/`,
    observer,
    snapshot: () => model.snapshot(),
    stats: () => ({ clients: clients.size, sent, skipped }),
    async close() {
      clearInterval(ticker);
      clearInterval(leasePoller);
      for (const { response } of clients) response.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await leaseRead;
    },
  };
}
