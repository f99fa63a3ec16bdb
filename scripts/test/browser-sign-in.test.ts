/**
 * Walks the whole sign-in path in Debian's Chromium through playwright-core, against the same
 * stack as `make dev` on free ports: sign-up, the private page on both web instances, sign-out
 * and sign-in again. Screenshots of each page go to test-output/browser/ for a look by eye.
 * Needs `npm run build` (the compiled web service) and /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../local-stack/stack.js';
import { WEB_ENTRY } from '../local-stack/web-instance.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = 'test-output/browser';
const PASSWORD = 'Passw0rd!';
const RELOADS = 5;

/** --headless comes from playwright; these keep Chromium from calling out or needing a GPU. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const WINDOWS = [
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
];

describe('browser sign-in through the local stack', function () {
  this.timeout(120_000);
  let stack: LocalStack;
  let browser: Browser;
  let dataDir: string;
  const logs: string[] = [];

  before(async () => {
    if (!existsSync(WEB_ENTRY)) throw new Error(`${WEB_ENTRY} is missing: run npm run build first`);
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: apt-get install chromium, or set CHROMIUM_PATH`);
    }
    await mkdir(SCREENSHOTS, { recursive: true });
    dataDir = await mkdtemp(join(tmpdir(), 'browser-test-'));
    stack = await startLocalStack({ albPort: 0, dataDir, write: (line) => void logs.push(line) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  afterEach(function () {
    // The stack's log explains most failures; print it only then.
    if (this.currentTest?.state === 'failed') process.stdout.write(`${logs.join('\n')}\n`);
  });

  for (const window of WINDOWS) {
    it(`signs up, counts visits and signs out on a ${window.name}-sized window`, async () => {
      const context = await browser.newContext(window);
      try {
        await walkSignInFlow(context, window.name);
      } finally {
        await context.close();
      }
    });
  }

  async function walkSignInFlow(context: BrowserContext, windowName: string): Promise<void> {
    const page = await context.newPage();
    const shot = screenshotter(page, windowName);
    const email = `${windowName}-${Date.now()}@example.com`;

    // home page, signed out
    await page.goto(`${stack.url}/`);
    expect(await page.locator('h1').textContent()).to.equal('Welcome');
    await shot('home');

    // /private sends the browser to the sign-in page
    await page.goto(`${stack.url}/private`);
    expect(page.url().startsWith(`${stack.issuer}/interaction/`), page.url()).to.equal(true);
    expect(await page.locator('h1').textContent()).to.equal('Sign in');
    await shot('sign-in');

    // sign up: a weak password first, then a valid one
    await page.getByRole('link', { name: 'Sign up' }).click();
    expect(await page.locator('h1').textContent()).to.equal('Sign up');
    await submitCredentials(page, email, 'weak', 'Sign up');
    expect(await page.getByRole('alert').textContent()).to.equal(
      'Password did not conform with policy: Password not long enough',
    );
    await shot('sign-up-rejected');
    await submitCredentials(page, email, PASSWORD, 'Sign up');

    // back on /private, showing the new user's email
    expect(page.url()).to.equal(`${stack.url}/private`);
    expect(await page.locator('.who strong').textContent()).to.equal(email);
    expect(await page.locator('.visits').textContent()).to.equal('1');
    await shot('private');

    // reloads keep counting while the serving instance alternates. The stylesheet and favicon
    // requests would also take turns in the ALB's round-robin, and with two of them per load every
    // reload would land on the same instance, so they are blocked here.
    await context.route(/\/(static\/site\.css|favicon\.ico)$/, (route) => route.abort());
    const instances = [await page.locator('code.instance').textContent()];
    for (let visit = 2; visit <= RELOADS + 1; visit++) {
      await page.reload();
      expect(await page.locator('.visits').textContent()).to.equal(String(visit));
      instances.push(await page.locator('code.instance').textContent());
    }
    expect(new Set(instances).size, instances.join(' ')).to.equal(2);
    for (let i = 1; i < instances.length; i++) {
      expect(instances[i], instances.join(' ')).not.to.equal(instances[i - 1]);
    }

    await context.unrouteAll();

    // sign out: the app, the ALB cookie shards and the identity provider session all end
    await page.getByRole('link', { name: 'Sign out' }).first().click();
    expect(page.url()).to.equal(`${stack.url}/`);
    const appCookies = (await context.cookies(stack.url)).map((cookie) => cookie.name);
    expect(appCookies.filter((name) => name.startsWith('AWSELBAuthSessionCookie'))).to.deep.equal(
      [],
    );
    const idpCookies = (await context.cookies(stack.issuer)).map((cookie) => cookie.name);
    expect(idpCookies).not.to.include('_session');
    await shot('signed-out');

    // /private requests the password again, and a new session starts counting at 1
    await page.goto(`${stack.url}/private`);
    expect(await page.locator('h1').textContent()).to.equal('Sign in');
    await submitCredentials(page, email, PASSWORD, 'Sign in');
    expect(page.url()).to.equal(`${stack.url}/private`);
    expect(await page.locator('.visits').textContent()).to.equal('1');
    await shot('private-again');
  }
});

async function submitCredentials(page: Page, email: string, password: string, button: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: button }).click(),
  ]);
  await page.waitForLoadState('load');
}

function screenshotter(page: Page, windowName: string) {
  let step = 0;
  return async (name: string) => {
    step += 1;
    const file = `${windowName}-${String(step).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
  };
}
