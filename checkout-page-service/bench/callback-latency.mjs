// Time from payment_intent.succeeded to the browser at the merchant's callbackUrl, on the real stack.
//   (cd checkout-page-service/src/test/browser && npm ci)   # once: playwright-core, Debian's chromium
//   node checkout-page-service/bench/callback-latency.mjs [samples=20] [parallel=4]
// Each sample: create an intent, open its page in headless Chromium, wait until the page's event stream
// is connected, pay on the Stripe emulator's test page, and note when the browser's navigation to
// callbackUrl starts. "succeeded" is the intent's updatedAt (intent-service commits the transition and
// the payment_intent.succeeded outbox row together), so the figure covers commit → outbox relay → Kafka →
// checkout consumer → SSE → browser → GET /return → intent-service → 303 → callbackUrl.
// Env: CHECKOUT_URL (a checkout instance other than the one behind BASE_URL), SUCCESS_TIMEOUT_MS.
import { createIntent, launch, navigationTo, pageUrl, phone, readIntent, settings } from '../src/test/browser/stack.mjs';

const samples = Number(process.argv[2] || 20);
const parallel = Number(process.argv[3] || 4);
const env = settings();
const browser = await launch();
const latencies = [];
const fromAuthorize = [];

async function sample() {
  const created = await createIntent(env, { description: 'bench' });
  const context = await phone(browser, env, { locale: 'en-US' });
  const page = await context.newPage();
  const streaming = page.waitForResponse((response) => response.url().endsWith('/events'));
  await page.goto(pageUrl(env, created));
  await streaming;
  const arrival = navigationTo(page, 'https://your-site.com/payment/success');
  const authorizedAt = Date.now();
  const paid = await fetch(created.qr.data + '/authorize', { method: 'POST', redirect: 'manual' });
  if (paid.status !== 303) { throw new Error('authorize on the test page: ' + paid.status); }
  await arrival;
  const arrivedAt = Date.now();
  const intent = await readIntent(env, created.paymentIntentId);
  if (intent.status !== 'succeeded') { throw new Error(created.paymentIntentId + ' is ' + intent.status); }
  latencies.push(arrivedAt - Date.parse(intent.updatedAt));
  fromAuthorize.push(arrivedAt - authorizedAt);
  await context.close();
}

let next = 0;
async function worker() {
  while (next < samples) {
    next += 1;
    await sample();
    process.stdout.write('.');
  }
}
await Promise.all(Array.from({ length: Math.min(parallel, samples) }, worker));
await browser.close();

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return `p50 ${at(0.5)} ms  p90 ${at(0.9)} ms  p99 ${at(0.99)} ms  max ${sorted[sorted.length - 1]} ms  (n=${sorted.length})`;
}
console.log(`\nsucceeded (intent committed) → browser at callbackUrl: ${stats(latencies)}`);
console.log(`authorize on the test page → browser at callbackUrl:  ${stats(fromAuthorize)}`);
