import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser; `KDS_CHROMIUM` names another. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, reproducible headless browser: no sandbox (tests run as root in CI
 * containers), no GPU, and none of the background traffic a fresh profile starts (updates, sync,
 * component downloads, QUIC probes).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile; `close()` (once or more) ends it and deletes the profile. */
export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** The browser the tests and benchmarks drive: `KDS_CHROMIUM`, else `/usr/bin/chromium`. */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.KDS_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
}

/**
 * Launches the machine's Chromium (the OS package: `apt-get install -y chromium` on Debian) with
 * playwright-core, which downloads no browser of its own, in a fresh user data directory.
 *
 * @example
 * ```ts
 * import { launchChromium } from '@kds/test-support/chromium';
 *
 * const browser = await launchChromium();
 * const page = await browser.context.newPage();
 * await page.goto('http://127.0.0.1:8080/');
 * await browser.close();
 * ```
 */
export async function launchChromium(): Promise<HeadlessChromium> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install it (Debian/Ubuntu: apt-get install -y chromium) or set KDS_CHROMIUM to its path`,
    );
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'kds-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  let closed: Promise<void> | undefined;
  return {
    context,
    close() {
      closed ??= context.close().then(() => rm(userDataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}
