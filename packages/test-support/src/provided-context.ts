import 'vitest';

/** What the shared global setup hands to tests: the endpoints of the emulators it started. */
export interface EmulatorEndpoints {
  /** kinesalite (or kinesis-local with `KDS_KINESIS_EMULATOR=kinesis-local`). */
  kinesisEndpoint: string;
  /** dynalite. */
  dynamodbEndpoint: string;
}

declare module 'vitest' {
  /** `inject('kinesisEndpoint')` and `inject('dynamodbEndpoint')` are typed strings. */
  export interface ProvidedContext {
    kinesisEndpoint: EmulatorEndpoints['kinesisEndpoint'];
    dynamodbEndpoint: EmulatorEndpoints['dynamodbEndpoint'];
  }
}
