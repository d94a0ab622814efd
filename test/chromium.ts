/** The Chromium the browser tests drive: Debian's, or RECOPS_CHROMIUM; launched the same way by every test. */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.RECOPS_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, offline: no first-run, sync, component or background requests of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Chromium reports a blocked script, style or request both as a console error and as an event: make every page of `page` say it on the console. */
export async function reportCspViolations(page: Page): Promise<void> {
  // a script's text, not a function: this file is also compiled without the DOM's types
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${location.pathname}`));",
  });
}
