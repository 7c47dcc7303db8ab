// Screenshots of the open checkout page at phone width (375 px), Thai and English, for the README.
//   node screenshots.mjs            (against ./gateway up; writes docs/screenshots/ at the repository root)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createIntent, launch, pageUrl, phone, screenshotsDir, settings } from './stack.mjs';

const env = settings();
const dir = screenshotsDir();
mkdirSync(dir, { recursive: true });
const browser = await launch();
const created = await createIntent(env, { description: 'สั่งซื้อสินค้า Order #12345' });
for (const [lang, locale] of [['th', 'th-TH'], ['en', 'en-US']]) {
  const context = await phone(browser, env, { locale });
  const page = await context.newPage();
  await page.goto(pageUrl(env, created) + '?lang=' + lang);
  await page.locator('#qr svg').waitFor({ state: 'visible' });
  await page.evaluate(() => document.fonts.ready);
  const file = join(dir, `checkout-${lang}-375.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log('wrote ' + file);
  await context.close();
}
await browser.close();
