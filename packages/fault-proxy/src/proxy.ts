import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BatchWriteSplit,
  type PutRecordsSplit,
  splitBatchWrite,
  splitPutRecords,
} from './operations.js';
import { seededRandom } from './random.js';
import type { FaultPlan, FaultStats } from './types.js';

/** A running proxy. */
export interface FaultProxy {
  /** Point the SDK here instead of at the emulator. */
  readonly endpoint: string;
  /** Replaces the fault plan; traffic from now on follows it. */
  setFaults(plan: FaultPlan): void;
  stats(): FaultStats;
  close(): Promise<void>;
}

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** The emulator's endpoint, e.g. `http://127.0.0.1:4567`. */
  target: string;
  faults?: FaultPlan;
  /** Seed of the fault draws. Default 1. */
  seed?: number;
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

interface Forwarded {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(target: URL, incoming: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const headers = {
      ...incoming.headers,
      host: target.host,
      'content-length': String(body.byteLength),
    };
    const outgoing = httpRequest(
      {
        hostname: target.hostname,
        port: target.port,
        path: incoming.url,
        method: incoming.method,
        headers,
      },
      (response) => {
        readBody(response).then(
          (responseBody) =>
            resolve({
              status: response.statusCode ?? 500,
              headers: response.headers,
              body: responseBody,
            }),
          reject,
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an HTTP proxy on a loopback port in front of a local Kinesis or DynamoDB endpoint that
 * injects the faults of a {@link FaultPlan}: per-entry PutRecords throttling, 500/503 answers,
 * connection resets after the request reached the endpoint, UnprocessedItems, latency.
 *
 * @example
 * ```ts
 * import { startFaultProxy } from '@kds/fault-proxy';
 *
 * const proxy = await startFaultProxy({ target: 'http://127.0.0.1:4567', faults: { throttleRate: 0.2 } });
 * // new KinesisClient({ endpoint: proxy.endpoint, ... })
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const seed = options.seed ?? 1;
  // Request-level faults draw from their own source, three draws per faulted request, so the
  // n-th request meets the same fault whatever the sizes of the requests before it.
  const requestDraws = seededRandom(seed);
  const entryDraws = seededRandom(seed ^ 0x9e3779b9);
  let plan: FaultPlan = options.faults ?? {};
  const counters = {
    requests: 0,
    forwarded: 0,
    throttledEntries: 0,
    failedRequests: 0,
    resets: 0,
    unprocessedItems: 0,
    ambiguousEntries: 0,
  };

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    counters.requests += 1;
    const body = await readBody(incoming);
    const operation =
      String(incoming.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    const faulted = plan.operations === undefined || plan.operations.includes(operation);
    if (plan.latencyMs !== undefined && plan.latencyMs > 0) await sleep(plan.latencyMs);

    const [failDraw, resetDraw, statusDraw] = faulted
      ? [requestDraws(), requestDraws(), requestDraws()]
      : [1, 1, 1];
    if (failDraw < (plan.requestFailureRate ?? 0)) {
      counters.failedRequests += 1;
      const status = statusDraw < 0.5 ? 500 : 503;
      const type = status === 500 ? 'InternalFailure' : 'ServiceUnavailable';
      outgoing.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': type,
      });
      outgoing.end(JSON.stringify({ __type: type, message: 'Injected by the fault proxy' }));
      return;
    }

    // Drawn before throttling: a request whose answer is lost is forwarded whole, so every entry
    // of it is stored and each one the client sends again is a real duplicate.
    const reset = resetDraw < (plan.resetAfterSendRate ?? 0);
    let putRecords: PutRecordsSplit | undefined;
    let batchWrite: BatchWriteSplit | undefined;
    let forwardBody: Buffer | undefined = body;
    if (operation === 'PutRecords' && !reset && (plan.throttleRate ?? 0) > 0) {
      putRecords = splitPutRecords(body.toString('utf8'), plan.throttleRate ?? 0, entryDraws);
      counters.throttledEntries += putRecords.throttled;
      forwardBody =
        putRecords.forwardBody === undefined ? undefined : Buffer.from(putRecords.forwardBody);
    } else if (operation === 'BatchWriteItem' && !reset && (plan.unprocessedRate ?? 0) > 0) {
      batchWrite = splitBatchWrite(body.toString('utf8'), plan.unprocessedRate ?? 0, entryDraws);
      counters.unprocessedItems += batchWrite.unprocessed;
      forwardBody =
        batchWrite.forwardBody === undefined ? undefined : Buffer.from(batchWrite.forwardBody);
    }

    let answer: Forwarded | undefined;
    if (forwardBody !== undefined) {
      answer = await forward(target, incoming, forwardBody);
      counters.forwarded += 1;
    }
    if (reset) {
      counters.resets += 1;
      if (operation === 'PutRecords')
        counters.ambiguousEntries += (
          JSON.parse(body.toString('utf8')) as { Records: unknown[] }
        ).Records.length;
      incoming.socket.destroy();
      return;
    }
    if (answer === undefined) {
      // Every entry was throttled or held back: answer as the service would, without forwarding.
      const contentType =
        putRecords === undefined ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
      outgoing.writeHead(200, { 'content-type': contentType });
      outgoing.end(putRecords?.merge(undefined) ?? batchWrite?.merge(undefined) ?? '{}');
      return;
    }
    let responseBody = answer.body;
    if (answer.status === 200 && putRecords !== undefined)
      responseBody = Buffer.from(putRecords.merge(answer.body.toString('utf8')));
    if (answer.status === 200 && batchWrite !== undefined)
      responseBody = Buffer.from(batchWrite.merge(answer.body.toString('utf8')));
    const headers: Record<string, string | string[] | undefined> = {
      ...answer.headers,
      'content-length': String(responseBody.byteLength),
    };
    // DynamoDB signs its body with a CRC32 the SDK checks; a rewritten body must not carry the old one.
    delete headers['x-amz-crc32'];
    delete headers['transfer-encoding'];
    outgoing.writeHead(answer.status, headers);
    outgoing.end(responseBody);
  }

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      outgoing.writeHead(502, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify({ __type: 'ProxyError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setFaults(next) {
      plan = next;
    },
    stats: () => ({ ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
