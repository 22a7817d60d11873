import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveViewPageError, SimulatorErrorCode } from '../src/errors.js';
import { type LiveView, startLiveView } from '../src/ui/server.js';

/** A guard against hangs only. */
const WAIT_GUARD_MS = 300_000;

async function until(condition: () => boolean): Promise<void> {
  const deadline = performance.now() + WAIT_GUARD_MS;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A browser that connects to `/events` and then never reads a byte. */
function stalledClient(view: LiveView): Promise<Socket> {
  const { port } = new URL(view.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      socket.pause();
      resolve(socket);
    });
  });
}

/** Feeds the model enough shards that each snapshot is tens of kilobytes. */
function fillShards(view: LiveView): void {
  view.observer.runStarted({
    streamName: 'TestDataStream',
    tableName: 'TestTable',
    minTemperature: 35,
    consumer: 'trigger',
    target: 'test',
  });
  view.observer.shardsListed(
    Array.from({ length: 100 }, (_, i) => ({
      shardId: `shardId-${String(i).padStart(12, '0')}`,
      parentShardIds: [],
      open: true,
    })),
  );
}

describe('the live view server', () => {
  let view: LiveView | undefined;
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await view?.close();
  });

  it('skips a browser that does not read, never waits for it, and keeps serving the others', async () => {
    // Prepare: snapshots every 5 ms, a browser allowed 4 KiB unread.
    view = await startLiveView({ tickMs: 5, maxUnsentBytes: 4_096 });
    fillShards(view);
    sockets.push(await stalledClient(view));
    const reader = new AbortController();
    const response = await fetch(`${view.url}events`, { signal: reader.signal });
    const body = response.body?.getReader();
    let received = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await body?.read().catch(() => undefined);
        if (chunk === undefined || chunk.done) return;
        received += decoder.decode(chunk.value, { stream: true });
      }
    })();

    // Act: the run goes on reporting while the stalled browser's socket fills up.
    const started = view.stats().skipped;
    let reported = 0;
    while (view.stats().skipped === started) {
      for (let i = 0; i < 1_000; i += 1) {
        view.observer.readingAccepted(
          { Timestamp: i, Spot: 'A', Temperature: 30 },
          'shardId-000000000000',
          String(i),
        );
        reported += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const receivedBefore = received.length;
    await until(() => received.length > receivedBefore);
    reader.abort();
    await reading;

    // Assess: every report landed, the stalled browser was skipped, the reading one kept receiving.
    expect(view.snapshot().sent).toBe(reported);
    expect(view.stats().skipped).toBeGreaterThan(0);
    expect(received).toContain('event: snapshot');
  });

  it('forgets a browser that disconnects', async () => {
    // Prepare
    view = await startLiveView({ tickMs: 5 });
    const socket = await stalledClient(view);
    await until(() => view?.stats().clients === 1);

    // Act
    socket.destroy();

    // Assess
    await until(() => view?.stats().clients === 0);
    expect(view.stats().clients).toBe(0);
  });

  it('answers only to its loopback name, and only GET', async () => {
    // Prepare
    view = await startLiveView();
    const { port } = new URL(view.url);

    // Act
    const page = await fetch(view.url);
    const localhost = await fetch(`http://localhost:${port}/style.css`).catch(() => undefined);
    const rebound = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('GET / HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n');
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString();
      });
      socket.on('end', () => resolve(text));
    });
    const post = await fetch(view.url, { method: 'POST' });
    const missing = await fetch(`${view.url}nope`);

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<main>');
    if (localhost !== undefined) expect(localhost.status).toBe(200);
    expect(rebound).toMatch(/^HTTP\/1\.1 421/);
    expect(post.status).toBe(405);
    expect(missing.status).toBe(404);
    expect(new URL(view.url).hostname).toBe('127.0.0.1');
  });
});

describe('a live view whose page files are missing', () => {
  it('fails at once with LiveViewPageError naming the file, instead of serving a page that never loads', async () => {
    // Prepare: an empty folder where the page should be.
    const emptyDir = await mkdtemp(join(tmpdir(), 'kds-live-view-'));

    try {
      // Act
      const started = startLiveView({ pageDir: pathToFileURL(`${emptyDir}/`) });

      // Assess
      await expect(started).rejects.toThrow(LiveViewPageError);
      await expect(started).rejects.toMatchObject({
        code: SimulatorErrorCode.LiveViewPage,
        path: join(emptyDir, 'index.html'),
        message: expect.stringContaining('ENOENT'),
      });
    } finally {
      await rm(emptyDir, { recursive: true, force: true });
    }
  });
});
