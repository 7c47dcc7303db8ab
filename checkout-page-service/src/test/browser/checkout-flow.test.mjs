// Full-stack browser test of the hosted PromptPay page, against `./gateway up` (http://localhost:3000).
//   cd checkout-page-service/src/test/browser && npm ci && node checkout-flow.test.mjs
// Settings come from .gateway/local.env; CHECKOUT_URL points at a checkout instance run elsewhere.
// The merchant's https://your-site.com pages never load (that name does not resolve in this browser): the test
// checks the browser's navigation to them.
import assert from 'node:assert/strict';
import { createIntent, launch, navigationTo, pageUrl, phone, readIntent, settings, signatureIsValid } from './stack.mjs';

const env = settings();
const browser = await launch();
const results = [];

async function scenario(name, run) {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ok: true });
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}\n${error.stack || error}`);
  }
}

/** Console errors (a CSP violation is one) and requests that tried to leave this machine. */
function watch(page, context) {
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') { problems.push(message.text()); } });
  page.on('pageerror', (error) => problems.push(String(error)));
  return () => {
    assert.deepEqual(context.blocked, [], 'requests left this machine');
    assert.deepEqual(problems.filter((text) => !text.includes('ERR_BLOCKED_BY_CLIENT')), [], 'console errors');
  };
}

/** Opens the emulator's test payment page through the page's test-mode link and presses Authorize. */
async function authorizeOnTestPage(page, context) {
  const [testPage] = await Promise.all([context.waitForEvent('page'), page.click('#test-page')]);
  await testPage.waitForLoadState();
  await testPage.getByRole('button', { name: 'Authorize test payment' }).click();
  await testPage.waitForLoadState();
  return testPage;
}

await scenario('pay: QR visible → authorize on the test page → callbackUrl with a valid signature (th)', async () => {
  const created = await createIntent(env);
  const context = await phone(browser, env, { locale: 'th-TH' });
  const page = await context.newPage();
  const verify = watch(page, context);
  await page.goto(pageUrl(env, created));

  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  await page.locator('#qr svg').waitFor({ state: 'visible' });
  const box = await page.locator('#qr').boundingBox();
  assert.ok(box.width >= 200, 'the QR is big enough to scan: ' + box.width);
  assert.match(await page.textContent('#amount'), /฿100\.00/);
  assert.match(await page.textContent('#countdown'), /^1[45]:\d\d$/);
  const before = await page.textContent('#countdown');
  await page.waitForFunction((start) => document.getElementById('countdown').textContent !== start, before, { timeout: 3000 });
  assert.ok(await page.isVisible('text=ยกเลิกการชำระเงิน'));

  const authorizedAt = Date.now();
  const arrival = navigationTo(page, 'https://your-site.com/payment/success');
  await authorizeOnTestPage(page, context);
  const landed = await arrival;
  console.log(`     authorize → callbackUrl in ${Date.now() - authorizedAt} ms`);

  const query = new URL(landed).searchParams;
  assert.equal(query.get('payment_id'), created.paymentIntentId);
  assert.equal(query.get('status'), 'success');
  assert.equal(query.get('amount'), '10000');
  assert.equal(query.get('order'), '12345', 'the callbackUrl keeps its own query');
  assert.ok(signatureIsValid(landed, env.DEMO_MERCHANT_REDIRECT_SECRET), 'signature of ' + landed);
  assert.equal((await readIntent(env, created.paymentIntentId)).status, 'succeeded');
  verify();
  await context.close();
});

await scenario('cancel: the Cancel button → cancelUrl with a valid signature (en)', async () => {
  const created = await createIntent(env);
  const context = await phone(browser, env, { locale: 'en-US' });
  const page = await context.newPage();
  const verify = watch(page, context);
  await page.goto(pageUrl(env, created));

  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const arrival = navigationTo(page, 'https://your-site.com/payment/cancel');
  await page.getByRole('button', { name: 'Cancel payment' }).click();
  const landed = await arrival;

  const query = new URL(landed).searchParams;
  assert.equal(query.get('payment_id'), created.paymentIntentId);
  assert.equal(query.get('status'), 'cancel');
  assert.equal(query.get('amount'), null);
  assert.ok(signatureIsValid(landed, env.DEMO_MERCHANT_REDIRECT_SECRET), 'signature of ' + landed);
  assert.equal((await readIntent(env, created.paymentIntentId)).status, 'canceled');

  // Opening the page again shows the cancelled view, with the way back to the merchant.
  const again = await context.newPage();
  await again.goto(pageUrl(env, created) + '?lang=en');
  assert.ok(await again.isVisible('text=Payment cancelled'));
  assert.equal(await again.locator('#qr').count(), 0);
  verify();
  await context.close();
});

await scenario('language switch, keyboard and a 320 px screen', async () => {
  const created = await createIntent(env);
  const context = await phone(browser, env, { locale: 'th-TH', width: 320 });
  const page = await context.newPage();
  const verify = watch(page, context);
  await page.goto(pageUrl(env, created));

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'no sideways scrolling at 320 px: ' + overflow);
  await page.click('a.lang');
  await page.waitForURL(/lang=en/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.isVisible('text=Open your banking app'));

  // Tab reaches the cancel button; Enter presses it.
  let focused = '';
  for (let i = 0; i < 12 && focused !== 'cancel'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  assert.equal(focused, 'cancel', 'the Cancel button is reachable by keyboard');
  const arrival = navigationTo(page, 'https://your-site.com/payment/cancel');
  await page.keyboard.press('Enter');
  assert.ok(signatureIsValid(await arrival, env.DEMO_MERCHANT_REDIRECT_SECRET));
  verify();
  await context.close();
});

await scenario('without JavaScript the page still reaches the merchant (noscript refresh)', async () => {
  const created = await createIntent(env);
  const context = await phone(browser, env, { locale: 'en-US', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pageUrl(env, created));
  await page.locator('#qr svg').waitFor({ state: 'visible' });

  const testPage = await context.newPage();
  await testPage.goto(created.qr.data);
  const arrival = navigationTo(page, 'https://your-site.com/payment/success');
  await testPage.getByRole('button', { name: 'Authorize test payment' }).click();
  assert.ok(signatureIsValid(await arrival, env.DEMO_MERCHANT_REDIRECT_SECRET));
  assert.deepEqual(context.blocked, []);
  await context.close();
});

await scenario('event stream blocked: the page falls back to polling /status', async () => {
  const created = await createIntent(env);
  const context = await phone(browser, env, { locale: 'en-US' });
  const page = await context.newPage();
  await page.route('**/events', (route) => route.abort('connectionrefused'));
  const polled = page.waitForRequest((request) => request.url().endsWith('/status'));
  await page.goto(pageUrl(env, created));
  await polled;

  const arrival = navigationTo(page, 'https://your-site.com/payment/success');
  const paid = await fetch(created.qr.data + '/authorize', { method: 'POST', redirect: 'manual' });
  assert.equal(paid.status, 303);
  assert.ok(signatureIsValid(await arrival, env.DEMO_MERCHANT_REDIRECT_SECRET));
  await context.close();
});

await scenario('unknown payment: the friendly 404 page', async () => {
  const context = await phone(browser, env, { locale: 'th-TH' });
  const page = await context.newPage();
  const verify = watch(page, context);
  const response = await page.goto(pageUrl(env, { paymentUrl: env.BASE_URL + '/payment/pi_000000000000000000000000' }));
  assert.equal(response.status(), 404);
  assert.ok(await page.isVisible('text=ไม่พบรายการชำระเงินนี้'));
  context.blocked.length = 0;
  await context.close();
});

const shop = 'http://localhost:3001';
const shopAnswers = await fetch(shop + '/q/health/ready').then((r) => r.ok).catch(() => false);
if (shopAnswers) {
  await scenario('demo merchant: Pay ฿100 → gateway page → authorize → verified success page', async () => {
    const context = await phone(browser, env, { locale: 'th-TH' });
    const page = await context.newPage();
    await page.goto('http://localhost:3001/');
    await page.click('#pay');
    await page.waitForURL(/\/payment\/pi_/);
    if (env.CHECKOUT_URL && !page.url().startsWith(env.CHECKOUT_URL)) {
      await page.goto(pageUrl(env, { paymentUrl: page.url() }));
    }
    await page.locator('#qr svg').waitFor({ state: 'visible' });
    await authorizeOnTestPage(page, context);
    await page.waitForURL(/^http:\/\/localhost:3001\/payment\/success/,
      { timeout: Number(process.env.SUCCESS_TIMEOUT_MS) || 20000 });
    assert.ok(signatureIsValid(page.url(), env.DEMO_MERCHANT_REDIRECT_SECRET));
    assert.equal(await page.getAttribute('#result', 'data-verified'), 'true');
    assert.equal(await page.textContent('#signature'), 'valid');
    // The shop also got the signed webhook (Standard Webhooks, checked with the library's verifier).
    const paymentId = new URL(page.url()).searchParams.get('payment_id');
    let webhook;
    for (let i = 0; i < 50 && !webhook; i++) {
      const received = await fetch('http://localhost:3001/webhooks', { headers: { Accept: 'application/json' } }).then((r) => r.json());
      webhook = received.find((w) => w.paymentIntentId === paymentId && w.type === 'payment_intent.succeeded');
      if (!webhook) { await new Promise((done) => setTimeout(done, 200)); }
    }
    assert.ok(webhook, 'the shop received payment_intent.succeeded for ' + paymentId);
    assert.deepEqual(context.blocked, []);
    await context.close();
  });
} else {
  console.log(`SKIP demo merchant scenario (${shop} does not answer)`);
}

await browser.close();
const failed = results.filter((result) => !result.ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
