import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HANDLER_ENTRY_FILE,
  HandlerArtifactMissingError,
  handlerArtifactDirectory,
} from '../src/index.js';

describe('handlerArtifactDirectory', () => {
  const empty = mkdtempSync(join(tmpdir(), 'kds-handler-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("finds the bundled handler in the handler app's dist/lambda", () => {
    // Act
    const directory = handlerArtifactDirectory();

    // Assess
    expect(directory).toMatch(/apps[\\/]handler[\\/]dist[\\/]lambda$/);
    expect(existsSync(join(directory, HANDLER_ENTRY_FILE))).toBe(true);
  });

  it('says how to build the handler when it is not built', () => {
    // Act
    const act = (): unknown => handlerArtifactDirectory({ packageDirectory: empty });

    // Assess
    expect(act).toThrow(HandlerArtifactMissingError);
    expect(act).toThrow(/run `pnpm turbo run build --filter=handler` first/);
    expect(act).toThrow(
      expect.objectContaining({
        code: 'HANDLER_ARTIFACT_MISSING',
        path: join(empty, 'dist', 'lambda', HANDLER_ENTRY_FILE),
      }),
    );
  });
});
