// A constant-time stand-in for intent-service's GET /internal/intents/{id}, to measure the page's own
// render cost apart from intent-service and PostgreSQL (see BENCH.md). Loopback only.
//   node checkout-page-service/bench/stub-intent-service.mjs 18081
import { createServer } from 'node:http';

const port = Number(process.argv[2] || 18081);
createServer((request, response) => {
  const match = /^\/internal\/intents\/(pi_[A-Za-z0-9]{24})$/.exec(request.url);
  if (!match) { response.writeHead(404, { 'Content-Type': 'application/problem+json' }); response.end('{"status":404}'); return; }
  const id = match[1];
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({
    id, status: 'requires_action', amount: 10000, currency: 'thb', description: 'สั่งซื้อสินค้า Order #12345',
    merchantName: 'Demo Shop', callbackUrl: 'https://your-site.com/payment/success', cancelUrl: 'https://your-site.com/payment/cancel',
    qr: { data: 'http://localhost:12111/promptpay/pi_' + id.slice(3), imageUrl: 'http://localhost:12111/promptpay/x/qr.png' },
    expiresAt: new Date(Date.now() + 15 * 60 * 1000).toISOString(), late: false,
  }));
}).listen(port, '127.0.0.1', () => console.log('stub intent-service on http://127.0.0.1:' + port));
