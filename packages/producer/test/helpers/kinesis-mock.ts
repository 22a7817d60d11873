import { KinesisClient } from '@aws-sdk/client-kinesis';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * Every KinesisClient of the test file is mocked once this module loads: no unit test reaches the
 * network. Integration tests must not import it.
 */
export const kinesisMock = mockClient(KinesisClient);
