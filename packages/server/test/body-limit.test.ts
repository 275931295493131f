import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, type RunningServer } from '../src/index.js';
import { paidSession, api as session, startServer, TEST_KEY } from './helpers.js';

/** A JSON refund body padded with spaces to exactly `size` bytes (whitespace JSON allows anywhere). */
const refundOfSize = (sessionId: string, size: number): string => {
  const json = JSON.stringify({ session_id: sessionId, amount: 100 });
  return json.slice(0, -1) + ' '.repeat(size - json.length) + '}';
};

// The exported limit is the one the server applies, byte for byte: test generators size to it.
describe('BODY_LIMIT_BYTES', () => {
  let server: RunningServer;
  let sessionId: string;

  beforeAll(async () => {
    server = await startServer({ inMemory: true });
    sessionId = (await paidSession(session(server))).id;
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (body: string) =>
    fetch(`${server.url}/v1/refunds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body,
    });

  it('is 1 MiB', () => {
    expect(BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('reads a body of exactly the limit and refuses one byte more with 413 body_too_large', async () => {
    const atLimit = refundOfSize(sessionId, BODY_LIMIT_BYTES);
    expect(Buffer.byteLength(atLimit)).toBe(BODY_LIMIT_BYTES);
    const accepted = await post(atLimit);
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { amount: number }).amount).toBe(100);

    const over = await post(refundOfSize(sessionId, BODY_LIMIT_BYTES + 1));
    expect(over.status).toBe(413);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });
});
