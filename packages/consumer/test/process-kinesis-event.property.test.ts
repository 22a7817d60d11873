import { type Reading, ReadingSchema } from '@kds/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareSequenceNumbers,
  createDecoder,
  PoisonPolicy,
  processKinesisEvent,
  type Sink,
} from '../src/index.js';
import { jsonUser, makeAggregateRecord } from './helpers/kpl.js';
import { makeEvent, makeJsonRecord, makeReading, makeRecord } from './helpers/records.js';

const decoder = createDecoder({ schema: ReadingSchema });

/** A batch: each record good or poison, some good ones refused by the sink, in shuffled order. */
const batch = fc
  .array(fc.record({ poison: fc.boolean(), refused: fc.boolean(), gap: fc.nat({ max: 3 }) }), {
    maxLength: 30,
  })
  .chain((specs) => {
    let offset = 0;
    const records = specs.map((spec, i) => {
      offset += 1 + spec.gap;
      // Increasing, of 1 to 42 digits: most beyond 2^53, lengths differing.
      const seq = (BigInt(offset) ** 20n).toString();
      return { ...spec, seq, reading: makeReading({ Timestamp: i }) };
    });
    return fc.tuple(
      fc.constant(records),
      fc.shuffledSubarray(records, { minLength: records.length }),
    );
  });

describe('processKinesisEvent properties', () => {
  it.each([PoisonPolicy.Skip, PoisonPolicy.Report, PoisonPolicy.Fail])(
    'with poison %s, reports exactly the lowest failure and stores every good record before it',
    async (policy) => {
      // Prepare
      const property = fc.asyncProperty(batch, async ([ordered, shuffled]) => {
        const event = makeEvent(
          shuffled.map((spec) =>
            spec.poison ? makeRecord('%%%%', spec.seq) : makeJsonRecord(spec.reading, spec.seq),
          ),
        );
        const refused = new Set(ordered.filter((s) => !s.poison && s.refused).map((s) => s.seq));
        const stored: string[] = [];
        const sink: Sink<Reading> = async (items) => {
          stored.push(...items.map((item) => item.record.kinesis.sequenceNumber));
          return {
            failed: items
              .filter((item) => refused.has(item.record.kinesis.sequenceNumber))
              .map((item) => ({ item, error: new Error('refused') })),
          };
        };

        // Act
        const result = await processKinesisEvent(event, { decoder, sink, poison: policy });

        // Assess
        const failing = ordered.filter(
          (spec) => (spec.poison && policy !== PoisonPolicy.Skip) || (!spec.poison && spec.refused),
        );
        const firstPoison = ordered.findIndex((spec) => spec.poison);
        // With fail, records after the first poison never reach the sink, so cannot fail there.
        const reachable =
          policy === PoisonPolicy.Fail && firstPoison !== -1
            ? failing.filter((spec) => ordered.indexOf(spec) <= firstPoison)
            : failing;
        const expected = reachable[0]?.seq;
        expect(result.batchItemFailures).toEqual(
          expected === undefined ? [] : [{ itemIdentifier: expected }],
        );
        const good = ordered.filter((spec) => !spec.poison).map((spec) => spec.seq);
        const mustStore =
          policy === PoisonPolicy.Fail && firstPoison !== -1
            ? good.filter((seq) => compareSequenceNumbers(seq, ordered[firstPoison]?.seq ?? '') < 0)
            : good;
        expect(stored).toEqual(mustStore);
      });

      // Act + Assess
      await fc.assert(property, { numRuns: 200 });
    },
  );

  /** Plain records and KPL aggregates, each user record good, poison or refused, shuffled. */
  const mixedBatch = fc
    .array(
      fc.record({
        aggregated: fc.boolean(),
        users: fc.array(fc.record({ poison: fc.boolean(), refused: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
        }),
        gap: fc.nat({ max: 3 }),
      }),
      { maxLength: 20 },
    )
    .chain((specs) => {
      let offset = 0;
      const records = specs.map((spec, i) => {
        offset += 1 + spec.gap;
        const seq = (BigInt(offset) ** 20n).toString();
        const users = spec.aggregated ? spec.users : spec.users.slice(0, 1);
        return { aggregated: spec.aggregated, users, seq, timestamp: i * 10 };
      });
      return fc.tuple(
        fc.constant(records),
        fc.shuffledSubarray(records, { minLength: records.length }),
      );
    });

  it.each([PoisonPolicy.Skip, PoisonPolicy.Report, PoisonPolicy.Fail])(
    'with poison %s and KPL aggregates, reports the aggregate of the first failing user record and stores every good one before it',
    async (policy) => {
      // Prepare
      const property = fc.asyncProperty(mixedBatch, async ([ordered, shuffled]) => {
        const event = makeEvent(
          shuffled.map((spec) => {
            if (!spec.aggregated) {
              const [user] = spec.users;
              return user?.poison
                ? makeRecord('%%%%', spec.seq)
                : makeJsonRecord(makeReading({ Timestamp: spec.timestamp }), spec.seq);
            }
            return makeAggregateRecord(
              spec.users.map((user, sub) =>
                user.poison
                  ? { partitionKey: 'A', data: Buffer.from('{"Spot":"A"}') }
                  : jsonUser(makeReading({ Timestamp: spec.timestamp + sub }), 'A'),
              ),
              spec.seq,
            );
          }),
        );
        // Every user record in sequence order, as `seq/sub` (`seq/-` for a plain record).
        const units = ordered.flatMap((spec) =>
          spec.users.map((user, sub) => ({
            ...user,
            seq: spec.seq,
            id: `${spec.seq}/${spec.aggregated ? sub : '-'}`,
          })),
        );
        const refused = new Set(units.filter((u) => !u.poison && u.refused).map((u) => u.id));
        const stored: string[] = [];
        const sink: Sink<Reading> = async (items) => {
          const ids = items.map(
            (item) =>
              `${item.record.kinesis.sequenceNumber}/${item.userRecord?.subSequenceNumber ?? '-'}`,
          );
          stored.push(...ids);
          return {
            failed: items
              .filter((_, i) => refused.has(ids[i] ?? ''))
              .map((item) => ({ item, error: new Error('refused') })),
          };
        };

        // Act
        const result = await processKinesisEvent(event, { decoder, sink, poison: policy });

        // Assess
        const firstPoison = units.findIndex((unit) => unit.poison);
        const reachable = units.filter(
          (unit, i) =>
            ((unit.poison && policy !== PoisonPolicy.Skip) || (!unit.poison && unit.refused)) &&
            (policy !== PoisonPolicy.Fail || firstPoison === -1 || i <= firstPoison),
        );
        const expected = reachable[0];
        expect(result.batchItemFailures).toEqual(
          expected === undefined ? [] : [{ itemIdentifier: expected.seq }],
        );
        const failedId =
          result.failure === undefined
            ? undefined
            : `${result.failure.record.kinesis.sequenceNumber}/${result.failure.userRecord?.subSequenceNumber ?? '-'}`;
        expect(failedId).toBe(expected?.id);
        const mustStore = units
          .filter(
            (unit, i) =>
              !unit.poison &&
              (policy !== PoisonPolicy.Fail || firstPoison === -1 || i < firstPoison),
          )
          .map((unit) => unit.id);
        expect(stored).toEqual(mustStore);
      });

      // Act + Assess
      await fc.assert(property, { numRuns: 150 });
    },
  );
});
