import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../support/chromium-options.ts';

/**
 * Debian's Chromium driven by playwright-core (no browser download). Each caller gets its own
 * browser process; contexts opened from it start with an empty profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}
