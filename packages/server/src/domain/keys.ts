import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/open.js';

export const DEFAULT_ACCOUNT = 'acct_default';

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export const generateKey = (livemode: boolean): string =>
  `sk_${livemode ? 'live' : 'test'}_${randomBytes(18).toString('base64url')}`;

export interface KeyEntry {
  hash: Buffer;
  accountId: string;
  livemode: boolean;
}

/**
 * The keys the server accepts, loaded once. Comparison walks every key with timingSafeEqual over
 * SHA-256 digests, so neither the match position nor a shared prefix shows in the timing.
 */
export class KeyRing {
  constructor(private readonly entries: readonly KeyEntry[]) {}
  static async load(db: Db): Promise<KeyRing> {
    const rows = await db.selectFrom('api_keys').selectAll().execute();
    return new KeyRing(
      rows.map((row) => ({
        hash: Buffer.from(row.hash, 'hex'),
        accountId: row.account_id,
        livemode: row.livemode,
      })),
    );
  }
  match(key: string): KeyEntry | undefined {
    const digest = hashKey(key);
    let found: KeyEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.hash, digest) && !found) found = entry;
    }
    return found;
  }
}

export interface KeyPair {
  test: string | undefined;
  live: string | undefined;
}

/**
 * Makes sure the default account has a test and a live key. A key given by the caller replaces the
 * stored one of its mode; a missing one is generated when the mode has none. Returns the plaintext of
 * the keys it set or generated (the database keeps only hashes) and whether each was generated.
 */
export async function ensureKeys(
  db: Db,
  wanted: KeyPair,
  now: number,
): Promise<{ keys: KeyPair; generated: { test: boolean; live: boolean } }> {
  await db
    .insertInto('accounts')
    .values({ id: DEFAULT_ACCOUNT, created_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const keys: KeyPair = { test: undefined, live: undefined };
  const generated = { test: false, live: false };
  for (const livemode of [false, true]) {
    const mode = livemode ? 'live' : 'test';
    const given = wanted[mode];
    const stored = await db
      .selectFrom('api_keys')
      .select('hash')
      .where('account_id', '=', DEFAULT_ACCOUNT)
      .where('livemode', '=', livemode)
      .execute();
    if (given !== undefined) {
      const hash = hashKey(given).toString('hex');
      if (!stored.some((row) => row.hash === hash)) {
        await db.transaction().execute(async (trx) => {
          await trx
            .deleteFrom('api_keys')
            .where('account_id', '=', DEFAULT_ACCOUNT)
            .where('livemode', '=', livemode)
            .execute();
          await trx
            .insertInto('api_keys')
            .values({
              hash,
              account_id: DEFAULT_ACCOUNT,
              livemode,
              hint: given.slice(0, 12),
              created_at: now,
            })
            .onConflict((oc) => oc.column('hash').doNothing())
            .execute();
        });
      }
      keys[mode] = given;
    } else if (stored.length === 0) {
      const key = generateKey(livemode);
      await db
        .insertInto('api_keys')
        .values({
          hash: hashKey(key).toString('hex'),
          account_id: DEFAULT_ACCOUNT,
          livemode,
          hint: key.slice(0, 12),
          created_at: now,
        })
        .execute();
      keys[mode] = key;
      generated[mode] = true;
    }
  }
  return { keys, generated };
}

/** The webhook HMAC key of a mode: the raw SHA-256 digest of its secret key, which is what is stored. */
export async function signingKeys(db: Db, accountId: string): Promise<Map<boolean, Buffer>> {
  const rows = await db.selectFrom('api_keys').selectAll().where('account_id', '=', accountId).execute();
  return new Map(rows.map((row) => [row.livemode, Buffer.from(row.hash, 'hex')]));
}
