import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bulkRefundId } from '../bench/growth.js';
import { ADMIN_URL } from '../src/postgres.js';

describe('bulk refund ids', () => {
  it('are computed in the benchmark exactly as the SQL that inserts them writes them', async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      const ids = [1, 10, 255, 99_999, 1_000_000, 2 ** 40];
      const { rows } = await client.query(
        `select i, 'g' || lpad(to_hex(i), 18, '0') as id from unnest($1::bigint[]) i order by i`,
        [ids],
      );
      for (const r of rows) expect(r.id).toBe(bulkRefundId(Number(r.i)));
      expect(bulkRefundId(1)).toHaveLength(19);
    } finally {
      await client.end();
    }
  });
});
