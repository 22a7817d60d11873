import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HandlerArtifactMissingError } from './errors.js';

/** The file `pnpm --filter handler build` bundles `apps/handler/src/lambda.ts` into. */
export const HANDLER_ENTRY_FILE = 'index.mjs';

/** The function's handler setting: the `handler` export of `index.mjs`. */
export const LAMBDA_HANDLER = 'index.handler';

/** Options of {@link handlerArtifactDirectory}. */
export interface HandlerArtifactOptions {
  /** The handler package's folder. Default: where `handler` resolves from this app. */
  readonly packageDirectory?: string;
}

/**
 * The folder of the bundled handler (`apps/handler/dist/lambda`): the Lambda asset, deployed as
 * built and tested. Throws a {@link HandlerArtifactMissingError} when the handler is not built.
 *
 * @example
 * ```ts
 * import { Code } from 'aws-cdk-lib/aws-lambda';
 * import { handlerArtifactDirectory } from 'infra';
 *
 * const code = Code.fromAsset(handlerArtifactDirectory());
 * ```
 */
export function handlerArtifactDirectory(options: HandlerArtifactOptions = {}): string {
  const {
    packageDirectory = dirname(createRequire(import.meta.url).resolve('handler/package.json')),
  } = options;
  const directory = join(packageDirectory, 'dist', 'lambda');
  const entry = join(directory, HANDLER_ENTRY_FILE);
  if (!existsSync(entry)) throw new HandlerArtifactMissingError(entry);
  return directory;
}
