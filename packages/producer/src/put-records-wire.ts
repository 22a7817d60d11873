import type {
  KinesisClient,
  PutRecordsCommand,
  PutRecordsCommandInput,
  PutRecordsCommandOutput,
  PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis';

/**
 * The protocol Kinesis speaks and this module writes: AWS JSON 1.1 (see docs/kinesis-facts.md,
 * "Wire protocol").
 */
const AWS_JSON_1_1 = 'aws.protocols#awsJson1_1';

/** What the body replaces the Records of before the SDK serializes the request. */
const NO_RECORDS: never[] = [];

const NO_DATA = new Uint8Array(0);

/** A 2xx answer's fields, as Kinesis sends them (`$metadata` comes from the SDK). */
type PutRecordsAnswerBody = Omit<PutRecordsCommandOutput, '$metadata'>;

/**
 * Whether `client` sends Kinesis calls as AWS JSON 1.1, the SDK's default: only then can
 * {@link usePutRecordsWire} write the body. A client configured with another protocol keeps the
 * SDK's own serialization.
 */
export function speaksAwsJson(client: KinesisClient): boolean {
  const protocol = (client.config as { protocol?: { getShapeId?: () => string } }).protocol;
  return typeof protocol?.getShapeId === 'function' && protocol.getShapeId() === AWS_JSON_1_1;
}

/** The byte of a one-character ASCII string. */
const code = (character: string): number => character.charCodeAt(0);
const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

const BASE64 = Uint8Array.from(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  code,
);
const EQUALS = code('=');
const QUOTE = code('"');
const BACKSLASH = code('\\');
const CLOSE_BRACE = code('}');
/** Data up to this size is base64-encoded by the loop below; larger data natively (faster per byte). */
const LOOP_BASE64_MAX_BYTES = 768;

// The constant parts of the body, around the data, keys and ExplicitHashKeys.
const FIRST_DATA = ascii('{"Data":"');
const NEXT_DATA = ascii(',{"Data":"');
const PARTITION_KEY = ascii('","PartitionKey":');
const EXPLICIT_HASH_KEY = ascii(',"ExplicitHashKey":"');
const END_OF_RECORDS = ascii(']}');
/** Bytes of an entry besides its data, key and ExplicitHashKey: `,{"Data":"","PartitionKey":}`. */
const ENTRY_OVERHEAD_BYTES = NEXT_DATA.length + PARTITION_KEY.length + '}'.length;
/** `,"ExplicitHashKey":""` */
const HASH_KEY_OVERHEAD_BYTES = EXPLICIT_HASH_KEY.length + '"'.length;
/** A UTF-16 unit of a partition key takes at most 6 bytes in JSON (`\u001f`), quotes aside. */
const MAX_JSON_BYTES_PER_UNIT = 6;

const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** Writes `data` as base64 at `offset` of `out`; returns the offset after it. */
function writeBase64(out: Buffer, offset: number, data: Uint8Array): number {
  if (data.length > LOOP_BASE64_MAX_BYTES) {
    const bytes = Buffer.isBuffer(data)
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return offset + out.write(bytes.toString('base64'), offset, 'latin1');
  }
  let at = offset;
  const whole = data.length - (data.length % 3);
  for (let index = 0; index < whole; index += 3) {
    const a = data[index] as number;
    const b = data[index + 1] as number;
    const c = data[index + 2] as number;
    out[at] = BASE64[a >> 2] as number;
    out[at + 1] = BASE64[((a & 0x03) << 4) | (b >> 4)] as number;
    out[at + 2] = BASE64[((b & 0x0f) << 2) | (c >> 6)] as number;
    out[at + 3] = BASE64[c & 0x3f] as number;
    at += 4;
  }
  const rest = data.length - whole;
  if (rest > 0) {
    const a = data[whole] as number;
    const b = rest === 2 ? (data[whole + 1] as number) : 0;
    out[at] = BASE64[a >> 2] as number;
    out[at + 1] = BASE64[((a & 0x03) << 4) | (b >> 4)] as number;
    out[at + 2] = rest === 2 ? (BASE64[(b & 0x0f) << 2] as number) : EQUALS;
    out[at + 3] = EQUALS;
    at += 4;
  }
  return at;
}

/**
 * Writes `text` as a JSON string (quotes included) at `offset`; returns the offset after it.
 * Printable ASCII without a quote or backslash, the usual key, is copied unit by unit.
 */
function writeJsonString(out: Buffer, offset: number, text: string): number {
  out[offset] = QUOTE;
  let at = offset + 1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
      return offset + out.write(JSON.stringify(text), offset, 'utf8');
    }
    out[at] = code;
    at += 1;
  }
  out[at] = QUOTE;
  return at + 1;
}

/** Copies ASCII bytes (a constant of the format) to `offset`; returns the offset after them. */
function writeBytes(out: Buffer, offset: number, bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index += 1)
    out[offset + index] = bytes[index] as number;
  return offset + bytes.length;
}

/**
 * The JSON body of a PutRecords request, as bytes: what the SDK's schema serializer writes (member
 * names as in the API, Data in base64), at a fraction of its cost per record, straight into one
 * buffer so that nothing is converted again to be signed and sent. Partition keys are JSON-escaped;
 * an ExplicitHashKey is checked decimal text and needs no escaping.
 */
export function putRecordsBody(
  stream: { readonly streamName: string | undefined; readonly streamARN: string | undefined },
  records: readonly PutRecordsRequestEntry[],
): Buffer {
  let head = '{';
  if (stream.streamName !== undefined) head += `"StreamName":${JSON.stringify(stream.streamName)},`;
  if (stream.streamARN !== undefined) head += `"StreamARN":${JSON.stringify(stream.streamARN)},`;
  head += '"Records":[';
  // An upper bound of the size, so that one buffer takes the whole body.
  let bound = Buffer.byteLength(head, 'utf8') + 2;
  for (const { Data = NO_DATA, PartitionKey = '', ExplicitHashKey } of records) {
    bound += ENTRY_OVERHEAD_BYTES + base64Length(Data.length) + 2;
    bound += MAX_JSON_BYTES_PER_UNIT * PartitionKey.length;
    if (ExplicitHashKey !== undefined) bound += HASH_KEY_OVERHEAD_BYTES + ExplicitHashKey.length;
  }
  const out = Buffer.allocUnsafe(bound);
  let at = out.write(head, 0, 'utf8');
  for (let index = 0; index < records.length; index += 1) {
    const { Data = NO_DATA, PartitionKey = '', ExplicitHashKey } = records[index] ?? {};
    at = writeBytes(out, at, index === 0 ? FIRST_DATA : NEXT_DATA);
    at = writeBase64(out, at, Data);
    at = writeBytes(out, at, PARTITION_KEY);
    at = writeJsonString(out, at, PartitionKey);
    if (ExplicitHashKey !== undefined) {
      at = writeBytes(out, at, EXPLICIT_HASH_KEY);
      at += out.write(ExplicitHashKey, at, 'latin1');
      out[at] = QUOTE;
      at += 1;
    }
    out[at] = CLOSE_BRACE;
    at += 1;
  }
  at = writeBytes(out, at, END_OF_RECORDS);
  return out.subarray(0, at);
}

async function bytesOf(body: unknown): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function parseAnswer(bytes: Uint8Array): PutRecordsAnswerBody | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { Records } = parsed as { Records?: unknown };
    return Array.isArray(Records) ? (parsed as PutRecordsAnswerBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends a PutRecords command with the body written by {@link putRecordsBody} and reads a successful
 * answer with one `JSON.parse`. The SDK's generic serializer and deserializer walk the API's schema
 * for every entry and cost more per record than the rest of the producer; everything else stays
 * the SDK's: the endpoint, headers, signing, the transport, and the typed exceptions of error
 * answers. Only the command's own middleware stack changes, through its public `add`:
 *
 * - initialize: the SDK serializes the request from the command's input with no records, which is
 *   cheap; the command's input itself is untouched (what a client mock sees).
 * - build: the request gets the written body (and its length) instead.
 * - deserialize, innermost: a 2xx answer is parsed here and handed on empty, so the SDK adds only
 *   `$metadata`; anything else (an error, an answer that is not the expected JSON) goes on as
 *   received, for the SDK to read.
 */
export function usePutRecordsWire(command: PutRecordsCommand, body: Uint8Array): void {
  /** What the innermost middleware parsed from a successful answer (a command is sent once). */
  const parsed: { answer?: PutRecordsAnswerBody | undefined } = {};
  const stack = command.middlewareStack;
  stack.add(
    (next) => async (args) => {
      const { StreamName, StreamARN } = args.input as PutRecordsCommandInput;
      const result = await next({ ...args, input: { StreamName, StreamARN, Records: NO_RECORDS } });
      const { answer } = parsed;
      if (answer !== undefined) {
        // Field by field, not Object.assign: a parsed "__proto__" key must not become a prototype.
        const output = result.output as PutRecordsCommandOutput;
        output.Records = answer.Records;
        output.FailedRecordCount = answer.FailedRecordCount;
        if (answer.EncryptionType !== undefined) output.EncryptionType = answer.EncryptionType;
      }
      return result;
    },
    { step: 'initialize', priority: 'low', name: 'kdsPutRecordsInput' },
  );
  stack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers?: Record<string, string> };
      request.body = body;
      if (request.headers !== undefined) {
        for (const name of Object.keys(request.headers)) {
          if (name.toLowerCase() === 'content-length') delete request.headers[name];
        }
        request.headers['content-length'] = String(body.byteLength);
      }
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'kdsPutRecordsBody' },
  );
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300 && response.body !== undefined) {
        const bytes = await bytesOf(response.body);
        parsed.answer = parseAnswer(bytes);
        response.body = parsed.answer === undefined ? bytes : new Uint8Array(0);
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'kdsPutRecordsAnswer' },
  );
}
