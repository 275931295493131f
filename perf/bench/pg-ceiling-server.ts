// The retrieve floor with the database in it: a bare node:http handler that reads the refund id
// from the path, runs the SELECT the server runs (a primary-key lookup scoped to account, mode and
// dialect) through `pg`, and answers the row as JSON. No framework, no validation, no auth, no
// rendering: the least a database-backed retrieve can cost on this machine.
// RK_FLOOR picks how it reaches Postgres: `pool` (default) is a pool of 10, like the server had,
// one query per pooled connection; `pipeline` is what the server's driver does for a plain read
// (packages/server/src/db/postgres-driver.ts): two connections in pg's pipeline mode, each query
// written at once behind those in flight.
// Run as its own process with DATABASE_URL. Prints "listening on <url>".
import { createServer } from 'node:http';
import pg from 'pg';

const SELECT = 'select * from refunds where id = $1 and account_id = $2 and livemode = $3 and dialect = $4';
const account = process.env['RK_ACCOUNT'] ?? 'acct_default';
const connectionString = process.env['DATABASE_URL'];

type Query = (values: unknown[]) => Promise<pg.QueryResult>;
let query: Query;
let end: () => Promise<unknown>;
if (process.env['RK_FLOOR'] === 'pipeline') {
  // pg's pipeline mode (8.21+) is not in @types/pg yet.
  const clients = [0, 1].map(
    () => new pg.Client({ connectionString, pipeline: true } as pg.ClientConfig & { pipeline: boolean }),
  );
  await Promise.all(clients.map((client) => client.connect()));
  let next = 0;
  query = (values) => clients[next++ % clients.length]!.query(SELECT, values);
  end = () => Promise.all(clients.map((client) => client.end()));
} else {
  const pool = new pg.Pool({ connectionString, max: 10 });
  query = (values) => pool.query(SELECT, values);
  end = () => pool.end();
}

const server = createServer((request, response) => {
  request.resume();
  const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
  query([id, account, false, 'convergegate']).then(
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
process.on('SIGTERM', () => server.close(() => end().then(() => process.exit(0))));
