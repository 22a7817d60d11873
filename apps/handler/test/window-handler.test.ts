import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoMock, makeDocumentClient } from '@kds/test-support/dynamodb-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createWindowHandler, silentLogger, type WindowState } from '../src/index.js';
import { makeReading, makeReadingsEvent } from './helpers/events.js';

const WINDOW = { start: '2026-11-26T10:00:00Z', end: '2026-11-26T10:01:00Z' };
const START = Date.parse(WINDOW.start);

function windowEvent(
  readings: Parameters<typeof makeReadingsEvent>[0],
  fields: { state?: unknown; final?: boolean; early?: boolean } = {},
) {
  return {
    ...makeReadingsEvent(readings),
    window: WINDOW,
    state: fields.state ?? {},
    shardId: 'shardId-000000000001',
    eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/TestDataStream',
    isFinalInvokeForWindow: fields.final ?? false,
    isWindowTerminatedEarly: fields.early ?? false,
  };
}

describe('createWindowHandler', () => {
  beforeEach(() => {
    dynamoMock.reset();
    dynamoMock.on(PutCommand).resolves({});
  });

  it('keeps the minimum, maximum and sum per Spot across invocations and writes them with the mean at the window end', async () => {
    // Prepare
    const handler = createWindowHandler({
      client: makeDocumentClient(),
      tableName: 'Windows',
      logger: silentLogger,
    });

    // Act
    const first = await handler(
      windowEvent([
        makeReading({ Spot: 'Q', Temperature: 30 }),
        makeReading({ Spot: 'B', Temperature: 12 }),
      ]),
    );
    const second = await handler(
      windowEvent([makeReading({ Spot: 'Q', Temperature: 37 })], { state: first.state }),
    );
    const final = await handler(windowEvent([], { state: second.state, final: true }));

    // Assess
    const q = (second.state as WindowState).Q;
    expect(q).toMatchObject({ count: 2, sum: 67, min: 30, max: 37 });
    expect(final.state).toEqual(second.state);
    const items = dynamoMock
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input)
      .sort((a, b) => String(a.Item?.Spot).localeCompare(String(b.Item?.Spot)));
    expect(items).toEqual([
      {
        TableName: 'Windows',
        Item: expect.objectContaining({ Spot: 'B', Count: 1, Min: 12, Max: 12, Mean: 12 }),
      },
      {
        TableName: 'Windows',
        Item: {
          Spot: 'Q',
          Window: `${START}#shardId-000000000001#${q?.first}`,
          WindowStart: START,
          WindowEnd: START + 60_000,
          ShardId: 'shardId-000000000001',
          Count: 2,
          Min: 30,
          Max: 37,
          Mean: 33.5,
          Sum: 67,
          TerminatedEarly: false,
        },
      },
    ]);
  });

  it('writes nothing before the final invocation, and fails the final invocation when the table refuses (Lambda retries it)', async () => {
    // Prepare
    dynamoMock.on(PutCommand).rejects(new Error('throttled'));
    const handler = createWindowHandler({ client: makeDocumentClient(), logger: silentLogger });

    // Act
    const { state } = await handler(windowEvent([makeReading({ Temperature: 36 })]));
    const putsBeforeTheEnd = dynamoMock.commandCalls(PutCommand).length;
    const final = handler(windowEvent([], { state, final: true }));

    // Assess
    expect(putsBeforeTheEnd).toBe(0);
    await expect(final).rejects.toThrow('throttled');
  });
});
