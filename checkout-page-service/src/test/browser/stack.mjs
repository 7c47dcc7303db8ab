// Shared helpers of the browser test, the screenshots and the latency benchmark: settings of the
// local stack (.gateway/local.env, overridable by the environment), intents, signatures, Chromium.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository root: the first directory above this one that holds the ./gateway script. */
export function repoRoot() {
  let dir = here;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'gateway')) && existsSync(join(dir, 'pom.xml'))) { return dir; }
    dir = dirname(dir);
  }
  throw new Error('no repository root above ' + here);
}

/** KEY=value lines of .gateway/local.env (what ./gateway up generated), then the environment on top. */
export function settings() {
  const file = process.env.GATEWAY_ENV_FILE || join(repoRoot(), '.gateway', 'local.env');
  const values = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match) { values[match[1]] = match[2].replace(/^"(.*)"$/, '$1'); }
    }
  }
  for (const key of Object.keys(values)) {
    if (process.env[key]) { values[key] = process.env[key]; }
  }
  for (const key of ['CHECKOUT_URL', 'BASE_URL']) {
    if (process.env[key]) { values[key] = process.env[key]; }
  }
  values.BASE_URL = (values.BASE_URL || 'http://localhost:3000').replace(/\/$/, '');
  for (const required of ['DEMO_MERCHANT_API_KEY', 'DEMO_MERCHANT_REDIRECT_SECRET']) {
    if (!values[required]) { throw new Error(required + ' is not set: run ./gateway up first (it writes ' + file + ')'); }
  }
  return values;
}

/**
 * The browser goes to {@code prefix}: resolves with the URL of the main frame's navigation request
 * (the merchant's page itself is not loaded: its host does not resolve here).
 */
export function navigationTo(page, prefix, timeout = Number(process.env.SUCCESS_TIMEOUT_MS) || 20000) {
  return page.waitForRequest((request) => request.isNavigationRequest() && request.frame() === page.mainFrame()
    && request.url().startsWith(prefix), { timeout }).then((request) => request.url());
}

/** Only this machine: the tests never talk to anything else. */
export function isLocal(url) {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** POST /payments/intents as the demo merchant; answers the 201 body. */
export async function createIntent(env, { amount = 10000, description = 'สั่งซื้อสินค้า Order #12345',
  callbackUrl = 'https://your-site.com/payment/success?order=12345', cancelUrl = 'https://your-site.com/payment/cancel' } = {}) {
  const url = env.BASE_URL + '/payments/intents';
  if (!isLocal(url)) { throw new Error('refusing to call ' + url); }
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + env.DEMO_MERCHANT_API_KEY },
    body: JSON.stringify({ amount, email: 'customer@example.com', description, callbackUrl, cancelUrl, metadata: { orderId: '12345' } }),
  });
  const body = await response.json();
  if (response.status !== 201) { throw new Error('create intent: ' + response.status + ' ' + JSON.stringify(body)); }
  return body;
}

/** GET /payments/{id} with the merchant's key (the whole intent, updatedAt included). */
export async function readIntent(env, id) {
  const response = await fetch(env.BASE_URL + '/payments/' + id, { headers: { Authorization: 'Bearer ' + env.DEMO_MERCHANT_API_KEY } });
  if (response.status !== 200) { throw new Error('read intent ' + id + ': ' + response.status); }
  return response.json();
}

/** Where the shopper is sent: paymentUrl, or the same path on CHECKOUT_URL when a checkout instance runs elsewhere. */
export function pageUrl(env, created) {
  if (!env.CHECKOUT_URL) { return created.paymentUrl; }
  const url = new URL(created.paymentUrl);
  return env.CHECKOUT_URL.replace(/\/$/, '') + url.pathname + url.search;
}

/**
 * The merchant's check of a redirect (README "Redirect signature"): hex HMAC-SHA256 with the redirect
 * secret over the gateway's parameters present (amount, payment_id, status) sorted by name, k=v joined by &,
 * values URL-encoded.
 */
export function signatureIsValid(url, secret) {
  const query = new URL(url).searchParams;
  const canonical = ['amount', 'payment_id', 'status']
    .filter((name) => query.has(name))
    .map((name) => name + '=' + encodeURIComponent(query.get(name)))
    .join('&');
  const expected = Buffer.from(createHmac('sha256', secret).update(canonical).digest('hex'));
  const given = Buffer.from(query.get('signature') || '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Debian's chromium, headless; never a downloaded browser. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      // Names other than this machine's never resolve: the merchant's https://your-site.com callback is
      // observed as the browser's navigation request, and nothing can leave the machine.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
}

/**
 * A phone-sized context whose requests stay on this machine: anything not local is aborted and recorded
 * in {@code blocked}. (Playwright does not route the later hops of a redirect chain; the browser's
 * host-resolver rules, see launch(), keep those local: https://your-site.com never resolves.)
 */
export async function phone(browser, env, { locale = 'th-TH', javaScriptEnabled = true, width = 375 } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale, javaScriptEnabled,
  });
  context.blocked = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (isLocal(url.href)) {
      await route.continue();
    } else {
      // A page may navigate to the merchant (Chromium retries a failed navigation once); it may not load
      // anything from elsewhere: such subresource requests are what the tests look for.
      if (!route.request().isNavigationRequest()) { context.blocked.push(url.href); }
      await route.abort('blockedbyclient');
    }
  });
  return context;
}

export const screenshotsDir = () => resolve(repoRoot(), 'docs', 'screenshots');
