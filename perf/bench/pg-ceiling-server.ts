// The retrieve floor with the database in it: a bare node:http handler that reads the refund id
// from the path, runs the SELECT the server runs (a primary-key lookup scoped to account, mode and
// dialect) through `pg` with the server's pool size, and answers the row as JSON. No framework, no
// validation, no auth, no rendering: the least a database-backed retrieve can cost on this machine.
// Run as its own process with DATABASE_URL. Prints "listening on <url>".
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const SELECT = 'select * from refunds where id = $1 and account_id = $2 and livemode = $3 and dialect = $4';
const account = process.env['RK_ACCOUNT'] ?? 'acct_default';

const server = createServer((request, response) => {
  request.resume();
  const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
  pool.query(SELECT, [id, account, false, 'convergegate']).then(
    (result) => {
      const body = JSON.stringify(result.rows[0] ?? null);
      response.writeHead(result.rows[0] ? 200 : 404, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    },
    () => {
      response.writeHead(500).end();
    },
  );
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (typeof address === 'object' && address)
    process.stdout.write(`listening on http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
