import { STATUS_CODES } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { type Body, backends, paidSession, api as session, startServer, TEST_KEY } from './helpers.js';

/** Input no dialect may answer with a 500: ids no object can have, text Postgres cannot store, broken bytes. */
for (const backend of backends) {
  describe(`bad input in every dialect (${backend.name})`, () => {
    let server: RunningServer;
    let close: () => Promise<void>;
    let fixture: { session: string; refund: string; intent: string; stripeRefund: string; checkout: string };

    const call = async (
      base: string,
      method: string,
      path: string,
      init: { body?: string | Uint8Array<ArrayBuffer>; type?: string; headers?: Record<string, string> } = {},
    ) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_KEY}`,
          ...(init.type ? { 'content-type': init.type } : {}),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      const text = await response.text();
      let body: Body;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, text, body, type: response.headers.get('content-type') ?? '' };
    };
    const json = (base: string, method: string, path: string, body: string) =>
      call(base, method, path, { body, type: 'application/json' });

    /** Each dialect's error shape and the code in it. */
    const code = {
      convergegate: (body: Body) => body?.error?.type && body.error.code,
      stripe: (body: Body) => body?.error?.type && body.error.code,
      checkout: (body: Body) => typeof body?.status === 'number' && body.code,
    };

    beforeAll(async () => {
      const storage = await backend.open();
      close = storage.close;
      server = await startServer({ ...storage.options, stripePort: 0, checkoutPort: 0 });
      const client = session(server);
      const paid = await paidSession(client);
      const refund = await client.post('/v1/refunds', { session_id: paid.id, amount: 100 });
      const intent = await call(server.url, 'POST', '/stripe/v1/payment_intents', {
        body: 'amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true',
        type: 'application/x-www-form-urlencoded',
      });
      const stripeRefund = await json(
        server.url,
        'POST',
        '/stripe/v1/refunds',
        JSON.stringify({ payment_intent: intent.body.id, amount: 100 }),
      );
      const checkout = await json(
        server.url,
        'POST',
        '/checkout/api/checkouts',
        '{"amount":500,"currency":"EUR"}',
      );
      fixture = {
        session: paid.id,
        refund: refund.body.id,
        intent: intent.body.id,
        stripeRefund: stripeRefund.body.id,
        checkout: checkout.body.id,
      };
    });
    afterAll(async () => {
      await server?.close();
      await close?.();
    });

    const idPaths = () => ({
      convergegate: [
        [server.url, '/v1/checkout/sessions/'],
        [server.url, '/v1/refunds/'],
      ],
      stripe: [
        [server.url, '/stripe/v1/payment_intents/'],
        [server.url, '/stripe/v1/charges/'],
        [server.url, '/stripe/v1/refunds/'],
        [server.url, '/stripe/v1/customers/'],
        [server.stripeUrl!, '/v1/refunds/'],
      ],
      checkout: [
        [server.url, '/checkout/api/checkouts/'],
        [server.url, '/checkout/api/refunds/'],
        [server.checkoutUrl!, '/api/refunds/'],
      ],
    });

    it('answers an id no object can have with 404 resource_missing, never a 500', async () => {
      // NUL cannot be stored in Postgres text; no issued id is longer than 255 characters; a prefix of
      // another object's type (Stripe's `ch_`, Checkout's `rfd_`) names nothing.
      const ids = ['%00', 'a%00b', 're_%00', 'x'.repeat(300), 'x'.repeat(3000), 'nope', 'ch_nope', 'rfd_x'];
      for (const [dialect, paths] of Object.entries(idPaths()) as [keyof typeof code, string[][]][]) {
        for (const [base, path] of paths) {
          for (const id of ids) {
            const answer = await call(base!, 'GET', `${path}${id}`);
            const where = `${dialect} GET ${path}${id.slice(0, 20)}: ${answer.text.slice(0, 120)}`;
            expect(answer.status, where).toBe(404);
            expect(code[dialect](answer.body), where).toBe('resource_missing');
          }
        }
      }
      const pay = await call(server.url, 'POST', '/v1/checkout/sessions/%00/pay', {
        body: 'blik_code=123456',
        type: 'application/x-www-form-urlencoded',
      });
      expect(pay.status).toBe(404);
      const getPay = await call(server.url, 'GET', '/v1/checkout/sessions/a%00b/pay?blik_code=123456');
      expect(getPay.status).toBe(404);
    });

    it('answers a path that is not percent-encoded UTF-8 with 400 path_invalid in the dialect\u2019s shape', async () => {
      for (const [dialect, paths] of Object.entries(idPaths()) as [keyof typeof code, string[][]][]) {
        for (const [base, path] of paths) {
          for (const id of ['%FF%FE', '%E0%A4%A']) {
            const answer = await call(base!, 'GET', `${path}${id}`);
            expect(answer.status, `${dialect} ${path}${id}`).toBe(400);
            expect(code[dialect](answer.body), `${dialect} ${path}${id}`).toBe('path_invalid');
          }
        }
      }
    });

    it('refuses NUL and unpaired surrogates in bodies and queries as the named invalid parameter', async () => {
      const cases: [keyof typeof code, string, string, string, string][] = [
        ['convergegate', server.url, '/v1/refunds', `{"session_id":"a\\u0000b"}`, 'session_id'],
        [
          'convergegate',
          server.url,
          '/v1/refunds',
          JSON.stringify({ session_id: fixture.session, metadata: { 'k\u0000': 'v' } }),
          'metadata[k\u0000]',
        ],
        ['stripe', server.url, '/stripe/v1/customers', '{"name":"\\ud800"}', 'name'],
        [
          'stripe',
          server.url,
          '/stripe/v1/payment_intents',
          '{"amount":100,"currency":"usd","metadata":{"note":"\\udc00x"}}',
          'metadata[note]',
        ],
        [
          'checkout',
          server.url,
          '/checkout/api/checkouts',
          '{"amount":5,"currency":"EUR","reference":"\\u0000"}',
          'reference',
        ],
        [
          'checkout',
          server.checkoutUrl!,
          '/api/checkouts',
          '{"amount":5,"currency":"EUR","metadata":{"a":"\\ud83d"}}',
          'metadata.a',
        ],
      ];
      for (const [dialect, base, path, body, param] of cases) {
        const answer = await json(base, 'POST', path, body);
        expect(answer.status, `${dialect} ${body}`).toBe(400);
        expect(code[dialect](answer.body), `${dialect} ${body}`).toBe('parameter_invalid');
        expect(dialect === 'checkout' ? answer.body.param : answer.body.error.param).toBe(param);
      }
      const listed = await call(server.url, 'GET', '/v1/refunds?session_id=a%00b');
      expect(listed.status).toBe(400);
      expect(listed.body.error).toMatchObject({ code: 'parameter_invalid', param: 'session_id' });
      const stripeList = await call(server.url, 'GET', '/stripe/v1/refunds?charge=ch_%00');
      expect(stripeList.body.error).toMatchObject({ code: 'parameter_invalid', param: 'charge' });
      // A pair is fine: an emoji is valid text.
      const emoji = await json(
        server.url,
        'POST',
        '/checkout/api/checkouts',
        '{"amount":5,"currency":"EUR","reference":"\\ud83d\\ude00"}',
      );
      expect(emoji.status).toBe(201);
      expect(emoji.body.reference).toBe('\u{1F600}');
    });

    it('answers Fastify\u2019s own refusals (413, 415, broken JSON) in every dialect\u2019s shape with a stable code', async () => {
      const big = new TextEncoder().encode(JSON.stringify({ metadata: { note: 'x'.repeat(1_100_000) } }));
      const cases: [keyof typeof code, string, string][] = [
        ['convergegate', server.url, '/v1/refunds'],
        ['stripe', server.url, '/stripe/v1/refunds'],
        ['stripe', server.stripeUrl!, '/v1/refunds'],
        ['checkout', server.url, `/checkout/api/checkouts/${fixture.checkout}/refund`],
        ['checkout', server.checkoutUrl!, `/api/checkouts/${fixture.checkout}/refund`],
      ];
      for (const [dialect, base, path] of cases) {
        const tooLarge = await call(base, 'POST', path, { body: big, type: 'application/json' });
        expect([tooLarge.status, code[dialect](tooLarge.body)], `${dialect} 413`).toEqual([
          413,
          'body_too_large',
        ]);
        const xml = await call(base, 'POST', path, { body: '<refund/>', type: 'application/xml' });
        expect([xml.status, code[dialect](xml.body)], `${dialect} 415`).toEqual([
          415,
          'content_type_unsupported',
        ]);
        const broken = await call(base, 'POST', path, { body: '{"amount":', type: 'application/json' });
        expect([broken.status, code[dialect](broken.body)], `${dialect} JSON`).toEqual([
          400,
          'request_malformed',
        ]);
        const nothing = await call(
          base,
          'GET',
          dialect === 'convergegate' ? '/v9/nothing' : `${path}/nothing/here`,
        );
        expect([nothing.status, code[dialect](nothing.body)], `${dialect} 404`).toEqual([
          404,
          'route_missing',
        ]);
      }
      // Nested far deeper than any schema (within the size limit): refused, not a stack overflow.
      for (const [dialect, base, path] of cases) {
        for (const [open, close] of [
          ['{"a":', '}'],
          ['[', ']'],
        ]) {
          const deep = `{"metadata":${open!.repeat(150_000)}1${close!.repeat(150_000)}}`;
          const answer = await call(base, 'POST', path, { body: deep, type: 'application/json' });
          expect(answer.status, `${dialect} ${open}`).toBe(400);
          expect(code[dialect](answer.body), `${dialect} ${open}`).toEqual(expect.any(String));
        }
      }
      // Stripe links only the codes Stripe documents.
      const xml = await call(server.url, 'POST', '/stripe/v1/refunds', {
        body: '<a/>',
        type: 'application/xml',
      });
      expect(xml.body.error.doc_url).toBeUndefined();
      const missing = await call(server.url, 'GET', '/stripe/v1/refunds/re_nope');
      expect(missing.body.error.doc_url).toBe('https://docs.stripe.com/error-codes/resource-missing');
    });

    it('answers what Node refuses before a request exists (huge headers, not HTTP) with a typed error', async () => {
      const raw = (base: string, bytes: string) =>
        new Promise<string>((resolve, reject) => {
          const url = new URL(base);
          const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
          let text = '';
          socket.on('data', (chunk) => {
            text += chunk.toString('utf8');
          });
          socket.on('error', reject);
          socket.on('close', () => resolve(text));
        });
      const huge = `GET /v1/refunds HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
      for (const [dialect, base] of [
        ['convergegate', server.url],
        ['stripe', server.stripeUrl!],
        ['checkout', server.checkoutUrl!],
      ] as const) {
        for (const [bytes, status, expected] of [
          [huge, 431, 'headers_too_large'],
          ['NOT HTTP AT ALL\r\n\r\n', 400, 'request_malformed'],
        ] as const) {
          const answer = await raw(base, bytes);
          expect(answer.split('\r\n')[0], dialect).toBe(`HTTP/1.1 ${status} ${STATUS_CODES[status]}`);
          const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
          expect(code[dialect](body), `${dialect} ${status}`).toBe(expected);
        }
      }
    });

    it('answers the hosted pay page\u2019s bad requests with a 4xx HTML page, never a 500', async () => {
      const path = `/pay/${fixture.session}`;
      const cases: [string, { body?: string | Uint8Array<ArrayBuffer>; type?: string }, number][] = [
        [
          'POST',
          { body: new Uint8Array(1_100_000).fill(97), type: 'application/x-www-form-urlencoded' },
          413,
        ],
        ['POST', { body: '{"blik_code":', type: 'application/json' }, 400],
        ['POST', { body: '<blik/>', type: 'application/xml' }, 415],
        ['POST', { body: 'blik_code=123456', type: 'application/octet-stream' }, 415],
        [
          'POST',
          { body: `{"blik_code":${'['.repeat(150_000)}${']'.repeat(150_000)}}`, type: 'application/json' },
          400,
        ],
      ];
      for (const [method, init, status] of cases) {
        const answer = await call(server.url, method, path, init);
        expect(answer.status, `${init.type} ${String(init.body).slice(0, 20)}`).toBe(status);
        expect(answer.type).toMatch(/^text\/html/);
      }
      for (const [id, status] of [
        ['%00', 404],
        ['x'.repeat(300), 404],
        ['%FF', 400],
      ] as const) {
        const page = await call(server.url, 'GET', `/pay/${id}`);
        expect(page.status, id).toBe(status);
        expect(page.type).toMatch(/^text\/html/);
        const submit = await call(server.url, 'POST', `/pay/${id}`, {
          body: 'blik_code=123456',
          type: 'application/x-www-form-urlencoded',
        });
        expect(submit.status, id).toBe(status);
      }
      // The page tolerates what browsers and campaigns add to its URL.
      expect((await call(server.url, 'GET', `${path}?utm_source=mail`)).status).toBe(200);
    });

    it('refuses unknown query parameters on every read, and list filters naming nothing', async () => {
      const cases: [keyof typeof code, string][] = [
        ['convergegate', `/v1/checkout/sessions/${fixture.session}?colour=red`],
        ['convergegate', `/v1/refunds/${fixture.refund}?colour=red`],
        ['convergegate', '/v1/refunds?colour=red'],
        ['stripe', `/stripe/v1/refunds/${fixture.stripeRefund}?colour=red`],
        ['stripe', '/stripe/v1/refunds?colour=red'],
        ['stripe', '/stripe/v1/payment_intents?limit=1&colour=red'],
        ['checkout', `/checkout/api/checkouts/${fixture.checkout}?colour=red`],
        ['checkout', '/checkout/api/webhooks?colour=red'],
      ];
      for (const [dialect, path] of cases) {
        const answer = await call(server.url, 'GET', path);
        expect([answer.status, code[dialect](answer.body)], path).toEqual([400, 'parameter_unknown']);
      }
      // Stripe answers a filter naming no object with 404 on that parameter, not an empty list.
      for (const [query, param] of [
        ['charge=ch_nope', 'charge'],
        ['payment_intent=pi_nope', 'payment_intent'],
        ['payment_intent=nope', 'payment_intent'],
      ] as const) {
        const answer = await call(server.url, 'GET', `/stripe/v1/refunds?${query}`);
        expect(answer.status, query).toBe(404);
        expect(answer.body.error).toMatchObject({ code: 'resource_missing', param });
      }
      const charges = await call(server.url, 'GET', '/stripe/v1/charges?payment_intent=pi_nope');
      expect(charges.body.error).toMatchObject({ code: 'resource_missing', param: 'payment_intent' });
      const byCustomer = await call(server.url, 'GET', '/stripe/v1/payment_intents?customer=cus_nope');
      expect(byCustomer.body.error).toMatchObject({ code: 'resource_missing', param: 'customer' });
      const expand = await call(server.url, 'GET', `/stripe/v1/refunds?expand[]=charge`);
      expect(expand.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expand' });
      const expanded = await call(
        server.url,
        'GET',
        `/stripe/v1/refunds?payment_intent=${fixture.intent}&expand[]=data.charge`,
      );
      expect(expanded.status).toBe(200);
      expect(expanded.body.data[0].charge).toMatchObject({ object: 'charge', amount_refunded: 100 });
    });

    it('keeps the dialects apart: another dialect’s object is not found, not even as a list cursor', async () => {
      const stripeBare = fixture.stripeRefund.slice('re_'.length);
      const cases: [keyof typeof code, string][] = [
        ['convergegate', `/v1/refunds/${stripeBare}`],
        ['convergegate', `/v1/refunds?starting_after=${stripeBare}`],
        ['convergegate', `/v1/checkout/sessions/${fixture.intent.slice('pi_'.length)}`],
        ['stripe', `/stripe/v1/refunds/re_${fixture.refund}`],
        ['stripe', `/stripe/v1/refunds?starting_after=re_${fixture.refund}`],
        ['stripe', `/stripe/v1/payment_intents/pi_${fixture.session}`],
        ['checkout', `/checkout/api/refunds/rfd_${fixture.refund}`],
        ['checkout', `/checkout/api/checkouts/ch_${fixture.session}`],
      ];
      for (const [dialect, path] of cases) {
        const answer = await call(server.url, 'GET', path);
        expect([answer.status, code[dialect](answer.body)], path).toEqual([404, 'resource_missing']);
      }
    });

    it('refuses a JSON body that is not an object, and changes nothing', async () => {
      const path = `/stripe/v1/refunds/${fixture.stripeRefund}`;
      const before = await call(server.url, 'GET', path);
      for (const body of ['null', '[]', '"text"', '1']) {
        const answer = await json(server.url, 'POST', path, body);
        expect(answer.status, body).toBe(400);
      }
      expect(await call(server.url, 'GET', path)).toEqual(before);
      const cg = await json(server.url, 'POST', '/v1/refunds', 'null');
      expect(cg.status).toBe(400);
    });

    it('refuses amounts beyond 2^53 - 1 minor units in every dialect before they reach a bigint column', async () => {
      const huge = '100000000000000000000';
      const stripeIntent = await json(
        server.url,
        'POST',
        '/stripe/v1/payment_intents',
        `{"amount":${huge},"currency":"usd"}`,
      );
      expect(stripeIntent.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'amount' });
      const balance = await json(server.url, 'POST', '/stripe/v1/customers', `{"balance":-${huge}}`);
      expect(balance.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'balance' });
      const fee = await json(
        server.url,
        'POST',
        '/stripe/v1/payment_intents',
        `{"amount":100,"currency":"usd","application_fee_amount":${huge},"transfer_data":{"destination":"acct_1"}}`,
      );
      expect(fee.body.error).toMatchObject({
        code: 'parameter_invalid_integer',
        param: 'application_fee_amount',
      });
      const checkout = await json(
        server.url,
        'POST',
        '/checkout/api/checkouts',
        `{"amount":${huge},"currency":"EUR"}`,
      );
      expect([checkout.status, checkout.body.code, checkout.body.param]).toEqual([
        400,
        'parameter_invalid',
        'amount',
      ]);
      const cg = await json(
        server.url,
        'POST',
        '/v1/refunds',
        `{"session_id":"${fixture.session}","amount":${huge}}`,
      );
      expect(cg.body.error).toMatchObject({ code: 'amount_invalid', param: 'amount' });
    });
  });
}
