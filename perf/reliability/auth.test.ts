import {
  RefundkitSignatureError,
  signTimestamped,
  signWebhook,
  verifyTimestamped,
  verifyWebhook,
} from '@refundkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle } from '../src/audit.js';
import {
  checkout,
  convergeGate,
  DIALECTS,
  type Fixture,
  fillPath,
  fixtureIds,
  type Surface,
  stripe,
} from '../src/dialects.js';
import { type Api, api, basicAuth, waitFor } from '../src/http.js';
import { createDatabase, type Database } from '../src/postgres.js';
import { type Receiver, startReceiver } from '../src/receiver.js';
import { KEYS, type ServerProcess, startServer } from '../src/server-process.js';
import { snapshot } from '../src/snapshot.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Authorization headers that must all be refused (undefined: none at all). */
const BAD_AUTH: [string, string | undefined][] = [
  ['no key', undefined],
  ['unknown test key', basicAuth('sk_test_not_a_key_of_this_server_00')],
  ['unknown live key (Bearer)', 'Bearer sk_live_not_a_key_of_this_server_00'],
  ['the key one character short', basicAuth(KEYS.test.slice(0, -1))],
  ['the key one character longer', basicAuth(`${KEYS.test}x`)],
  ['the key upper-cased', basicAuth(KEYS.test.toUpperCase())],
  ['the key as the password', `Basic ${b64(`:${KEYS.test}`)}`],
  ['the key without a scheme', KEYS.test],
  ['an empty Bearer', 'Bearer '],
  ['Basic with broken base64', 'Basic !!!not base64!!!'],
  ['an unknown scheme', `Token ${KEYS.test}`],
];

describe('auth', () => {
  let db: Database;
  let server: ServerProcess;
  let receiver: Receiver;
  let testApi: Api;
  let liveApi: Api;
  const test = new Map<Surface, Fixture>();
  const live = new Map<Surface, Fixture>();

  beforeAll(async () => {
    db = await createDatabase('auth');
    receiver = await startReceiver();
    server = await startServer({ databaseUrl: db.url, refundDelayMs: 0, webhookUrl: receiver.url });
    testApi = api(server.url, KEYS.test);
    liveApi = api(server.url, KEYS.live);
    for (const surface of DIALECTS) {
      test.set(surface, await surface.fixture(testApi, { webhookUrl: receiver.url }));
      live.set(surface, await surface.fixture(liveApi, { webhookUrl: receiver.url }));
    }
    // The fixtures' refunds finish and their webhooks go out now, not while state is compared.
    await settle(db.pool);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await db?.drop();
  });

  const send = (
    client: Api,
    endpoint: Surface['endpoints'][number],
    fixture: Fixture,
    key?: string | null,
    authorization?: string,
  ) => {
    const query = endpoint.query ? `?${new URLSearchParams(endpoint.query(fixture))}` : '';
    return client.request(endpoint.method, `${fillPath(endpoint.path, fixture)}${query}`, {
      ...(endpoint.body ? { json: endpoint.body(fixture) } : {}),
      ...(key === undefined ? {} : { key }),
      ...(authorization === undefined ? {} : { headers: { authorization } }),
    });
  };
  /** Every id and secret of both modes' fixtures: none may appear in a refusal. */
  const secrets = () =>
    [...test.values(), ...live.values()]
      .flatMap((f) => Object.values(fixtureIds(f)))
      .concat('perf@example.com');

  it('refuses every endpoint of every dialect without a key or with a wrong one, and says nothing about the objects', async () => {
    const before = await snapshot(db.pool);
    let refused = 0;
    for (const surface of DIALECTS) {
      const fixture = test.get(surface)!;
      for (const endpoint of surface.endpoints.filter((e) => !e.public)) {
        for (const [label, authorization] of BAD_AUTH) {
          const answer = await send(
            testApi,
            endpoint,
            fixture,
            authorization === undefined ? null : undefined,
            authorization,
          );
          const where = `${endpoint.name} with ${label}: ${answer.text.slice(0, 200)}`;
          expect(answer.status, where).toBe(surface.authStatus);
          expect(surface.errorCode(answer.body), where).toMatch(
            /^(authentication_required|api_key_invalid)$/,
          );
          for (const secret of secrets()) {
            expect(answer.text.includes(secret), `${where} leaks ${secret}`).toBe(false);
          }
          refused++;
        }
      }
    }
    expect(await snapshot(db.pool)).toEqual(before);
    console.log(
      `[auth] ${refused} requests without a valid key refused (401; Checkout 403) over ${DIALECTS.length} dialects, state unchanged`,
    );
  });

  it('keeps test and live apart in both directions: not found, nothing listed, nothing changed', async () => {
    const before = await snapshot(db.pool);
    let refused = 0;
    let lists = 0;
    for (const surface of DIALECTS) {
      for (const [client, own, other, label] of [
        [testApi, test.get(surface)!, live.get(surface)!, 'test key on live objects'],
        [liveApi, live.get(surface)!, test.get(surface)!, 'live key on test objects'],
      ] as const) {
        const otherIds = Object.values(fixtureIds(other));
        for (const endpoint of surface.endpoints.filter((e) => !e.public)) {
          const request = JSON.stringify([
            fillPath(endpoint.path, other),
            endpoint.query?.(other) ?? {},
            endpoint.body?.(other) ?? {},
          ]);
          const names = otherIds.some((id) => request.includes(id));
          // Creating something new names no object of the other mode: not a cross-mode request.
          if (!names && endpoint.writes) continue;
          const answer = await send(client, endpoint, other);
          const where = `${endpoint.name}, ${label}: ${answer.text.slice(0, 200)}`;
          if (names) {
            // Anything naming the other mode's object: it does not exist for this key.
            expect(answer.status, where).toBe(404);
            expect(surface.errorCode(answer.body), where).toBe('resource_missing');
            refused++;
          } else {
            // Lists without a filter: this mode's objects only.
            expect(answer.status, where).toBe(200);
            for (const id of otherIds) expect(answer.text.includes(id), `${where} lists ${id}`).toBe(false);
            lists++;
          }
        }
        const mine = JSON.stringify(await surface.ownRefunds(client, own));
        expect(mine.includes(own.refundId), `${surface.dialect} ${label}: own refund listed`).toBe(true);
        expect(mine.includes(other.refundId), `${surface.dialect} ${label}: other refund listed`).toBe(false);
      }
    }
    expect(await snapshot(db.pool)).toEqual(before);
    console.log(
      `[auth] ${refused} cross-mode requests refused with 404, ${lists} lists kept apart, state unchanged`,
    );
  });

  it("refuses webhooks with a tampered body, the wrong key or a stale timestamp (the SDK's verifier)", async () => {
    const refundId = test.get(convergeGate)!.refundId;
    const liveRefundId = live.get(convergeGate)!.refundId;
    const find = (id: string) =>
      waitFor(`the refund.created webhook of ${id}`, async () =>
        [...receiver.acked.values()].find((d) => d.type === 'refund.created' && d.body.includes(id)),
      );
    const event = await find(refundId);
    const liveEvent = await find(liveRefundId);
    // Signing helpers return `Sec-Timestamp`/`Sec-Signature`; a receiver's headers are lower-case.
    const lower = (h: Record<string, string>) =>
      Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    const headers = event.headers as Record<string, string>;
    const timestamp = Number(headers['sec-timestamp']);
    const verdict = async (
      body: string,
      h: Record<string, string>,
      options: Parameters<typeof verifyWebhook>[2],
    ): Promise<string> => {
      try {
        await verifyWebhook(body, h, options);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(RefundkitSignatureError);
        return String((error as RefundkitSignatureError).code);
      }
    };
    const tampered = event.body.replace('"amount":100', '"amount":900');
    expect(tampered).not.toBe(event.body);
    const forged = await signWebhook(tampered, { secretKey: 'sk_test_attacker_guess_000000', timestamp });
    const oldSigned = await signWebhook(event.body, { secretKey: KEYS.test, timestamp: timestamp - 3600 });
    const cases: [string, Promise<string>, string][] = [
      ['as sent', verdict(event.body, headers, { secretKey: KEYS.test }), 'accepted'],
      [
        'live event with the live key',
        verdict(liveEvent.body, liveEvent.headers as Record<string, string>, { secretKey: KEYS.live }),
        'accepted',
      ],
      ['tampered body', verdict(tampered, headers, { secretKey: KEYS.test }), 'signature_mismatch'],
      [
        'one byte appended',
        verdict(`${event.body} `, headers, { secretKey: KEYS.test }),
        'signature_mismatch',
      ],
      ['wrong key', verdict(event.body, headers, { secretKey: KEYS.live }), 'signature_mismatch'],
      [
        'live event with the test key',
        verdict(liveEvent.body, liveEvent.headers as Record<string, string>, { secretKey: KEYS.test }),
        'signature_mismatch',
      ],
      [
        're-signed by someone without the key',
        verdict(tampered, { ...headers, ...lower(forged) }, { secretKey: KEYS.test }),
        'signature_mismatch',
      ],
      [
        'timestamp changed',
        verdict(event.body, { ...headers, 'sec-timestamp': String(timestamp + 1) }, { secretKey: KEYS.test }),
        'signature_mismatch',
      ],
      [
        'stale (verified 10 minutes later)',
        verdict(event.body, headers, { secretKey: KEYS.test, nowSec: timestamp + 600 }),
        'timestamp_outside_tolerance',
      ],
      [
        'signed an hour ago',
        verdict(event.body, { ...headers, ...lower(oldSigned) }, { secretKey: KEYS.test }),
        'timestamp_outside_tolerance',
      ],
      [
        'no signature',
        verdict(event.body, { 'sec-timestamp': headers['sec-timestamp']! }, { secretKey: KEYS.test }),
        'signature_missing',
      ],
    ];
    for (const [label, outcome, expected] of cases) expect(await outcome, label).toBe(expected);
    console.log(
      `[auth] ${cases.length} webhook signature cases: ${cases.length - 2} refused, 2 genuine accepted`,
    );
  });

  it('refuses Stripe-Signature and Checkout-Signature webhooks that were tampered with, signed with another secret or are stale', async () => {
    const verdict = async (
      header: string,
      body: string,
      headers: Record<string, string>,
      options: Parameters<typeof verifyTimestamped>[3],
    ): Promise<string> => {
      try {
        await verifyTimestamped(header, body, headers, options);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(RefundkitSignatureError);
        return String((error as RefundkitSignatureError).code);
      }
    };
    let total = 0;
    for (const [surface, header, type] of [
      [stripe, 'stripe-signature', 'refund.created'],
      [checkout, 'checkout-signature', 'refund.succeeded'],
    ] as const) {
      const own = test.get(surface)!;
      const other = live.get(surface)!;
      const secret = String(fixtureIds(own)['endpointSecret']);
      const liveSecret = String(fixtureIds(other)['endpointSecret']);
      const find = (refundId: string) =>
        waitFor(`the ${type} webhook of ${refundId} signed ${header}`, async () =>
          receiver.attempts.find((d) => d.type === type && d.headers[header] && d.body.includes(refundId)),
        );
      const event = await find(own.refundId);
      const liveEvent = await find(other.refundId);
      const headers = event.headers as Record<string, string>;
      const liveHeaders = liveEvent.headers as Record<string, string>;
      const t = Number(/t=(\d+)/.exec(String(headers[header]))?.[1]);
      const tampered = event.body.replace(/"amount":(\d+)/, (_, n) => `"amount":${Number(n) + 1}`);
      expect(tampered).not.toBe(event.body);
      const forged = await signTimestamped('whsec_attacker_guess_0000000000', tampered, t);
      const oldSigned = await signTimestamped(secret, event.body, t - 3600);
      const cases: [string, Promise<string>, string][] = [
        ['as sent', verdict(header, event.body, headers, { secret }), 'accepted'],
        [
          'live event, live secret',
          verdict(header, liveEvent.body, liveHeaders, { secret: liveSecret }),
          'accepted',
        ],
        ['tampered body', verdict(header, tampered, headers, { secret }), 'signature_mismatch'],
        [
          'another endpoint\u2019s secret',
          verdict(header, event.body, headers, { secret: liveSecret }),
          'signature_mismatch',
        ],
        [
          'live event, test secret',
          verdict(header, liveEvent.body, liveHeaders, { secret }),
          'signature_mismatch',
        ],
        [
          're-signed without the secret',
          verdict(header, tampered, { ...headers, [header]: forged }, { secret }),
          'signature_mismatch',
        ],
        [
          'timestamp changed',
          verdict(
            header,
            event.body,
            { ...headers, [header]: headers[header]!.replace(`t=${t}`, `t=${t + 1}`) },
            { secret },
          ),
          'signature_mismatch',
        ],
        [
          'stale (verified 10 minutes later)',
          verdict(header, event.body, headers, { secret, nowSec: t + 600 }),
          'timestamp_outside_tolerance',
        ],
        [
          'signed an hour ago',
          verdict(header, event.body, { ...headers, [header]: oldSigned }, { secret }),
          'timestamp_outside_tolerance',
        ],
        ['no signature', verdict(header, event.body, {}, { secret }), 'signature_missing'],
      ];
      for (const [label, outcome, expected] of cases)
        expect(await outcome, `${surface.dialect}: ${label}`).toBe(expected);
      total += cases.length;
    }
    console.log(
      `[auth] ${total} Stripe and Checkout webhook signature cases: ${total - 4} refused, 4 genuine accepted`,
    );
  });
});
