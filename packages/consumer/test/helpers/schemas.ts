import type { StandardSchemaV1 } from '@standard-schema/spec';

/** A Standard Schema that accepts any value as it is: a decoder with it checks only bytes and JSON. */
export const anyValueSchema: StandardSchemaV1<unknown, unknown> = {
  '~standard': { version: 1, vendor: 'kds-test', validate: (value) => ({ value }) },
};

/** A Standard Schema that only validates asynchronously. */
export const asyncSchema: StandardSchemaV1<unknown, unknown> = {
  '~standard': {
    version: 1,
    vendor: 'kds-test',
    validate: async (value) => ({ value }),
  },
};
