/**
 * How the project launches Chromium through playwright-core, for the browser tests and the
 * benchmarks alike: Debian's build (CHROMIUM_PATH, else /usr/bin/chromium; no browser download)
 * with the flags that keep a test browser quiet, plus any the caller needs.
 */
export function chromiumLaunchOptions(extraArgs: readonly string[] = []): {
  readonly executablePath: string;
  readonly args: string[];
} {
  return {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  };
}
