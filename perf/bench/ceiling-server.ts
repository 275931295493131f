// The node:http ceiling: a bare handler that reads the request and answers the same JSON the refund
// server would (a refund object, same headers), with no framework, no validation and no database.
// Run as its own process, like the server it is compared with. Prints "listening on <url>".
import { createServer } from 'node:http';

const refund = JSON.stringify({
  id: 'mtacZwIsyHUXUeUZSFo',
  amount: 100,
  status: 'pending',
  reason: null,
  created_at: 1795335646,
  livemode: false,
  session_id: 'AxJq5wCkzQ2E4lS5Don9CGE',
  currency: 'pln',
  metadata: {},
  failure_reason: null,
  updated_at: 1795335646,
});

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(refund),
      'request-id': 'req_ceiling000000',
    });
    response.end(refund);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address)
    process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
