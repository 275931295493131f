// The provider on its own against the real refundkit server on loopback: every method of Medusa's
// provider interface, for each state a ConvergeGate checkout session can be in. Medusa itself (its
// refund rows, its sessions) is exercised in integration-tests/.
import { randomUUID } from 'node:crypto';
import { MedusaError } from '@medusajs/framework/utils';
import { createClient, type RefundkitClient, signWebhook } from '@refundkit/sdk';
import { createServer } from '@refundkit/server';
import {
  codesByReason,
  type RefundkitOptions,
  RefundkitOptionsError,
  resolveOptions,
} from '../../lib/options';
import { RefundkitPaymentProvider } from './service';

const HOUR = 3_600_000;
let now = Date.now();
let server: Awaited<ReturnType<typeof createServer>>;
let gateway: RefundkitClient;
const warnings: string[] = [];
const logger = {
  info: () => undefined,
  warn: (line: string) => warnings.push(line),
  error: () => undefined,
  debug: () => undefined,
};

beforeAll(async () => {
  server = await createServer({ port: 0, inMemory: true, refundDelayMs: 60_000, clock: () => now });
  gateway = createClient({ dialect: 'convergegate', baseUrl: server.url, secretKey: server.keys.test });
});

afterAll(async () => {
  await server?.close();
});

function options(overrides: Partial<RefundkitOptions> = {}): RefundkitOptions {
  return {
    apiKey: server.keys.test,
    baseUrl: server.url,
    successUrl: 'https://shop.example/checkout/complete',
    timeoutMs: 20_000,
    maxRetries: 0,
    ...overrides,
  };
}

const provider = (overrides: Partial<RefundkitOptions> = {}) =>
  new RefundkitPaymentProvider({ logger }, options(overrides));

const payer = { customer_email: 'jan@example.pl', customer_firstname: 'Jan', customer_lastname: 'Kowalski' };

async function open(p = provider(), amount = 200, key = `payses_${randomUUID()}`) {
  const created = await p.initiatePayment({
    amount,
    currency_code: 'PLN',
    data: payer,
    context: { idempotency_key: key },
  });
  return { ...created, data: created.data as Record<string, unknown>, key };
}

async function paid(p = provider(), amount = 200) {
  const session = await open(p, amount);
  await gateway.checkoutSessions.pay(session.id, { blik_code: '123456' });
  const { data } = await p.authorizePayment({ data: session.data });
  return { ...session, data: data as Record<string, unknown> };
}

async function refusal(run: () => Promise<unknown>): Promise<MedusaError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof MedusaError)) throw new Error(`expected a MedusaError, got ${String(error)}`);
  return error;
}

const gatewayRefunds = async (sessionId: string) => {
  const all = [];
  for await (const refund of await gateway.refunds.list({ paymentId: sessionId, limit: 100 }))
    all.push(refund);
  return all;
};

describe('options', () => {
  const refusedOptions = (input: unknown) => {
    try {
      RefundkitPaymentProvider.validateOptions(input as Record<string, unknown>);
    } catch (error) {
      return error;
    }
    return null;
  };

  it.each([
    ['apiKey', { apiKey: 'pk_test_123' }, /`apiKey` must be a ConvergeGate secret key .*got "pk_test_123"/],
    ['apiKey', { apiKey: undefined }, /`apiKey` must be .*it is missing/],
    ['baseUrl', { baseUrl: 'ftp://gateway' }, /`baseUrl` must be an http\(s\) URL; got "ftp:\/\/gateway"/],
    ['baseUrl', { baseUrl: undefined }, /`baseUrl` must be an http\(s\) URL; it is missing/],
    ['successUrl', { successUrl: 'not a url' }, /`successUrl` must be an http\(s\) URL/],
    ['cancelUrl', { cancelUrl: 'javascript:alert(1)' }, /`cancelUrl` must be an http\(s\) URL/],
    ['notificationUrl', { notificationUrl: 42 }, /`notificationUrl` must be an http\(s\) URL; got 42/],
    ['webhookSecret', { webhookSecret: '' }, /`webhookSecret` must be a non-empty string/],
    ['timeoutMs', { timeoutMs: 0 }, /`timeoutMs` must be an integer of at least 1/],
    ['timeoutMs', { timeoutMs: '15000' }, /`timeoutMs` must be an integer of at least 1 .*got "15000"/],
    ['maxRetries', { maxRetries: 1.5 }, /`maxRetries` must be an integer of at least 0; got 1.5/],
    ['maxRetries', { maxRetries: -1 }, /`maxRetries` must be an integer of at least 0; got -1/],
    ['reasons', { reasons: ['duplicate'] }, /`reasons` must be an object mapping Medusa refund reason codes/],
    [
      'reasons.damaged',
      { reasons: { damaged: 'broken' } },
      /`reasons.damaged` must be requested_by_customer, duplicate or fraudulent; got "broken"/,
    ],
    ['reasons.other', { reasons: { other: 'other' } }, /`reasons.other` must be requested_by_customer/],
    ['defaultReason', { defaultReason: 'whatever' }, /`defaultReason` must be requested_by_customer/],
    ['autoCapture', { autoCapture: 'yes' }, /`autoCapture` must be a boolean; got "yes"/],
    ['reconcile', { reconcile: 'fast' }, /`reconcile` must be an object with pageSize/],
    [
      'reconcile.pageSize',
      { reconcile: { pageSize: 0 } },
      /`reconcile.pageSize` must be an integer of at least 1; got 0/,
    ],
    [
      'reconcile.concurrency',
      { reconcile: { concurrency: 2.5 } },
      /`reconcile.concurrency` must be an integer/,
    ],
    ['reconcile.budgetMs', { reconcile: { budgetMs: '1s' } }, /`reconcile.budgetMs` must be an integer/],
  ])('refuses a bad `%s` at boot with an error naming it', (option, override, message) => {
    const error = refusedOptions({ ...options(), ...override });
    expect(error).toBeInstanceOf(RefundkitOptionsError);
    expect(error).toBeInstanceOf(MedusaError);
    expect(error).toMatchObject({
      type: MedusaError.Types.INVALID_DATA,
      code: 'refundkit_invalid_options',
      option,
    });
    expect((error as Error).message).toMatch(message);
  });

  it('refuses missing options, and lists every bad option at once', () => {
    expect(refusedOptions(undefined)).toMatchObject({ message: 'refundkit: options are required.' });
    const error = refusedOptions({ ...options(), timeoutMs: -5, autoCapture: 1 }) as RefundkitOptionsError;
    expect(error.issues.map((issue) => issue.option)).toEqual(['timeoutMs', 'autoCapture']);
    expect(error.message).toMatch(/`timeoutMs` must .*`autoCapture` must/);
  });

  it('reads unset, null and empty optional options (from the environment) as not given', () => {
    const resolved = resolveOptions({
      ...options(),
      notificationUrl: '',
      cancelUrl: null,
      timeoutMs: undefined,
      maxRetries: null,
      defaultReason: null,
    });
    expect(resolved).toMatchObject({
      notificationUrl: undefined,
      cancelUrl: undefined,
      timeoutMs: 15_000,
      maxRetries: 2,
      defaultReason: null,
      autoCapture: false,
    });
  });

  it('merges reason codes over the defaults and keeps the webhook key to the api key by default', () => {
    const resolved = resolveOptions(options({ reasons: { damaged: 'requested_by_customer' } }));
    expect(resolved.reasons.damaged).toBe('requested_by_customer');
    expect(resolved.reasons.duplicated).toBe('duplicate');
    expect(resolved.webhookSecret).toBe(server.keys.test);
    expect(resolved.baseUrl.endsWith('/')).toBe(false);
    // What the admin widget matches Medusa's refund reasons against.
    expect(codesByReason(resolved).requested_by_customer).toEqual(
      expect.arrayContaining(['requested_by_customer', 'return', 'damaged']),
    );
    expect(codesByReason(resolved).duplicate).toEqual(['duplicate', 'duplicated']);
  });

  it("bounds the poll by default and takes the store's own bounds", () => {
    expect(resolveOptions(options()).reconcile).toEqual({ pageSize: 100, concurrency: 4, budgetMs: 45_000 });
    expect(resolveOptions(options({ reconcile: { pageSize: 10, budgetMs: 5_000 } })).reconcile).toEqual({
      pageSize: 10,
      concurrency: 4,
      budgetMs: 5_000,
    });
  });
});

describe('session states', () => {
  it('opens a BLIK checkout session for the amount in minor units, waiting for the customer', async () => {
    const session = await open(provider(), 123.45);
    expect(session.status).toBe('requires_more');
    expect(session.data).toMatchObject({
      session_id: session.id,
      status: 'open',
      amount: 12_345,
      currency: 'pln',
      medusa_session_id: session.key,
      refunds: [],
    });
    expect(session.data.url).toEqual(expect.stringContaining(session.id));
    const atGateway = await gateway.checkoutSessions.retrieve(session.id);
    expect(atGateway.metadata).toMatchObject({ medusa_session_id: session.key });
    // The same Medusa session asking again gets the same checkout session.
    const again = await provider().initiatePayment({
      amount: 123.45,
      currency_code: 'pln',
      data: payer,
      context: { idempotency_key: session.key },
    });
    expect(again.id).toBe(session.id);
  });

  it('refuses a payer-less session and an amount finer than the currency, sending nothing', async () => {
    const noPayer = await refusal(() =>
      provider().initiatePayment({ amount: 10, currency_code: 'pln', data: {}, context: {} }),
    );
    expect(noPayer.type).toBe(MedusaError.Types.INVALID_DATA);
    expect(noPayer.message).toMatch(/customer_email/);
    const fraction = await refusal(() =>
      provider().initiatePayment({ amount: '10.005', currency_code: 'pln', data: payer, context: {} }),
    );
    expect(fraction.type).toBe(MedusaError.Types.INVALID_DATA);
  });

  it('reports open as requires_more, completed as authorized (or captured with autoCapture), expired as canceled', async () => {
    const p = provider();
    const session = await open(p);
    expect((await p.getPaymentStatus({ data: session.data })).status).toBe('requires_more');
    expect((await p.authorizePayment({ data: session.data })).status).toBe('requires_more');
    await gateway.checkoutSessions.pay(session.id, { blik_code: '123456' });
    expect((await p.authorizePayment({ data: session.data })).status).toBe('authorized');
    expect((await provider({ autoCapture: true }).getPaymentStatus({ data: session.data })).status).toBe(
      'captured',
    );
    const retrieved = await p.retrievePayment({ data: session.data });
    expect(retrieved.data).toMatchObject({ session_id: session.id, status: 'completed' });

    const abandoned = await open(p);
    now += 25 * HOUR;
    try {
      const status = await p.getPaymentStatus({ data: abandoned.data });
      expect(status.status).toBe('canceled');
      expect(status.data).toMatchObject({ status: 'expired' });
    } finally {
      now = Date.now();
    }
  });

  it('keeps an unchanged session, replaces an open one for a new amount and refuses to change a paid one', async () => {
    const p = provider();
    const session = await open(p, 200);
    const same = await p.updatePayment({
      amount: 200,
      currency_code: 'pln',
      data: session.data,
      context: {},
    });
    expect(same.data?.session_id).toBe(session.id);
    const bigger = await p.updatePayment({
      amount: 300,
      currency_code: 'pln',
      data: session.data,
      context: {},
    });
    expect(bigger.data?.session_id).not.toBe(session.id);
    expect(bigger.data).toMatchObject({ amount: 30_000, medusa_session_id: session.key, status: 'open' });
    expect(bigger.status).toBe('requires_more');

    const done = await paid(p);
    const changed = await refusal(() =>
      p.updatePayment({ amount: 150, currency_code: 'pln', data: done.data, context: {} }),
    );
    expect(changed.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(changed.message).toMatch(/completed/);
  });

  it('captures only what the customer paid', async () => {
    const p = provider();
    const unpaid = await open(p);
    const refused = await refusal(() => p.capturePayment({ data: unpaid.data }));
    expect(refused.type).toBe(MedusaError.Types.NOT_ALLOWED);
    const done = await paid(p);
    expect((await p.capturePayment({ data: done.data })).data).toMatchObject({ status: 'completed' });
  });

  it('lets an open session go, and refuses to delete a paid one', async () => {
    const p = provider();
    const unpaid = await open(p);
    expect((await p.deletePayment({ data: unpaid.data })).data).toMatchObject({ status: 'open' });
    const done = await paid(p);
    const refused = await refusal(() => p.deletePayment({ data: done.data }));
    expect(refused.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(await gatewayRefunds(done.id)).toHaveLength(0);
  });

  it('cancels an open session without a refund and gives a paid one back once, however often it is canceled', async () => {
    const p = provider();
    const unpaid = await open(p);
    expect((await p.cancelPayment({ data: unpaid.data })).data).toMatchObject({
      canceled: true,
      refunds: [],
    });
    expect(await gatewayRefunds(unpaid.id)).toHaveLength(0);

    const done = await paid(p);
    const first = await p.cancelPayment({ data: done.data });
    // Medusa hands back the data the first cancel returned.
    const second = await p.cancelPayment({ data: first.data as Record<string, unknown> });
    const atGateway = await gatewayRefunds(done.id);
    expect(atGateway.map((r) => [r.amount.amount, r.metadata.refundkit_key])).toEqual([
      [20_000, `medusa-cancel:${done.id}`],
    ]);
    expect((first.data as { refunds: { id: string }[] }).refunds.map((r) => r.id)).toEqual([
      atGateway[0]?.id,
    ]);
    expect((second.data as { refunds: { id: string }[] }).refunds.map((r) => r.id)).toEqual([
      atGateway[0]?.id,
    ]);
  });
});

describe('refunds', () => {
  it('keys a refund by the logical refund: a repeat replays it, the next one is new', async () => {
    const p = provider({ defaultReason: 'requested_by_customer' });
    const done = await paid(p);
    const first = await p.refundPayment({
      amount: 50,
      data: done.data,
      context: { idempotency_key: 'ref_A' },
    });
    // Medusa retrying after a lost answer: a new row id, the same payment data as before.
    const retried = await p.refundPayment({
      amount: 50,
      data: done.data,
      context: { idempotency_key: 'ref_B' },
    });
    const [entry] = (first.data as { refunds: { id: string; idempotency_key: string }[] }).refunds;
    expect(entry?.idempotency_key).toBe(`medusa-refund:${done.id}:0:5000`);
    expect((retried.data as { refunds: { id: string }[] }).refunds.map((r) => r.id)).toEqual([entry?.id]);
    expect(await gatewayRefunds(done.id)).toHaveLength(1);

    // With the first refund recorded, the same amount again is a second refund.
    const next = await p.refundPayment({
      amount: 50,
      data: first.data,
      context: { idempotency_key: 'ref_C' },
    });
    const entries = (next.data as { refunds: { idempotency_key: string }[] }).refunds;
    expect(entries.map((r) => r.idempotency_key)).toEqual([
      `medusa-refund:${done.id}:0:5000`,
      `medusa-refund:${done.id}:5000:5000`,
    ]);
    const atGateway = await gatewayRefunds(done.id);
    expect(atGateway.map((r) => [r.amount.amount, r.reason])).toEqual([
      [5_000, 'requested_by_customer'],
      [5_000, 'requested_by_customer'],
    ]);
  });

  it('refuses in words what the gateway’s numbers do not allow, sending nothing', async () => {
    const p = provider();
    const unpaid = await open(p);
    const notPaid = await refusal(() => p.refundPayment({ amount: 10, data: unpaid.data, context: {} }));
    expect(notPaid.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(notPaid.message).toMatch(/payment_not_refundable/);

    const done = await paid(p);
    const tooMuch = await refusal(() => p.refundPayment({ amount: 250, data: done.data, context: {} }));
    expect(tooMuch.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(tooMuch.message).toMatch(/Refund of PLN\s250\.00 is more than the PLN\s200\.00 still refundable/);
    const fraction = await refusal(() => p.refundPayment({ amount: '0.001', data: done.data, context: {} }));
    expect(fraction.type).toBe(MedusaError.Types.INVALID_DATA);
    expect(await gatewayRefunds(done.id)).toHaveLength(0);
  });

  it('answers a gateway that does not answer with a 400 that says a retry is safe', async () => {
    const p = provider({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 });
    const error = await refusal(() =>
      p.refundPayment({ amount: 10, data: { session_id: 'cs_unreachable' }, context: {} }),
    );
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(error.message).toMatch(/did not answer/);
  });

  it('says which key is wrong instead of failing with a 500', async () => {
    const p = provider({ apiKey: 'sk_test_not_a_key_of_this_gateway' });
    const error = await refusal(() =>
      p.refundPayment({ amount: 10, data: { session_id: 'cs_1' }, context: {} }),
    );
    expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED);
    expect(error.message).toMatch(/API key/);
  });
});

describe('webhooks', () => {
  const hook = async (type: string, objectId: string, secretKey = server.keys.test, claims = {}) => {
    const body = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type,
      created_at: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: objectId, ...claims } },
    });
    return {
      data: JSON.parse(body),
      rawData: Buffer.from(body),
      headers: await signWebhook(body, { secretKey }),
    };
  };

  it('acts on the re-fetched session, never on what the payload claims', async () => {
    const p = provider();
    const session = await open(p);
    // Signed, but the session is still open at the gateway.
    const early = await p.getWebhookActionAndData(
      await hook('checkout.session.completed', session.id, undefined, { status: 'completed' }),
    );
    expect(early).toMatchObject({ action: 'pending', data: { session_id: session.key } });
    await gateway.checkoutSessions.pay(session.id, { blik_code: '123456' });
    const completed = await p.getWebhookActionAndData(await hook('checkout.session.created', session.id));
    expect(completed.action).toBe('authorized');
    expect(completed.data?.session_id).toBe(session.key);
    expect(Number(completed.data?.amount)).toBe(200);
    expect(
      (
        await provider({ autoCapture: true }).getWebhookActionAndData(
          await hook('checkout.session.completed', session.id),
        )
      ).action,
    ).toBe('captured');
  });

  it('ignores forged, unsigned and refund events', async () => {
    const p = provider();
    const session = await paid(p);
    const forged = await hook('checkout.session.completed', session.id, 'sk_test_somebody_else_key');
    expect((await p.getWebhookActionAndData(forged)).action).toBe('not_supported');
    const unsigned = { ...forged, headers: {} };
    expect((await p.getWebhookActionAndData(unsigned)).action).toBe('not_supported');
    expect((await p.getWebhookActionAndData({ ...forged, rawData: undefined as never })).action).toBe(
      'not_supported',
    );
    const refund = await hook('refund.succeeded', 're_1');
    expect((await p.getWebhookActionAndData(refund)).action).toBe('not_supported');
    expect(warnings.some((w) => w.includes('webhook rejected'))).toBe(true);
  });
});
