import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  Logger,
  PaymentSessionStatus,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from '@medusajs/framework/types';
import { AbstractPaymentProvider, MedusaError, PaymentActions } from '@medusajs/framework/utils';
import {
  checkRefund,
  formatMoney,
  type PaymentSnapshot,
  type RefundHold,
  type RefundReason,
} from '@refundkit/core';
import {
  type ProviderData,
  type RefundEntry,
  readData,
  refundKey,
  toMedusaData,
  withRefund,
} from '../../lib/data';
import { toMedusaError } from '../../lib/errors';
import { type CheckoutSession, type GatewayClient, gatewayClient } from '../../lib/gateway';
import { toMajorUnits, toMinorUnits } from '../../lib/money';
import {
  type RefundkitOptions,
  type ResolvedOptions,
  reasonForCode,
  resolveOptions,
} from '../../lib/options';
import { verifyEvent } from '../../lib/webhook';
import { medusaHasSession, medusaRefundView } from './medusa-view';

/**
 * ConvergeGate checkout sessions (BLIK) as a Medusa payment provider. A completed session has taken
 * the money, an open one waits for the customer, an expired one is over; every method maps those
 * real states, and refunds go out with a key derived from the logical refund, never from Medusa's
 * refund row (which Medusa deletes and re-creates on a retry).
 */
export class RefundkitPaymentProvider extends AbstractPaymentProvider<RefundkitOptions> {
  static override identifier = 'refundkit';

  protected readonly options_: ResolvedOptions;
  protected readonly client_: GatewayClient;
  protected readonly logger_: Logger | undefined;

  static override validateOptions(options: Record<string, unknown>): void {
    resolveOptions(options);
  }

  constructor(cradle: Record<string, unknown>, options: RefundkitOptions) {
    super(cradle, options);
    this.options_ = resolveOptions(options);
    this.client_ = gatewayClient(this.options_);
    this.logger_ = optional<Logger>(cradle, 'logger');
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const currency = input.currency_code.toLowerCase();
    const amount = toMinorUnits(input.amount, currency);
    const extra = input.data ?? {};
    const customer = input.context?.customer;
    const medusaSessionId = input.context?.idempotency_key ?? null;
    const payer = {
      customer_email: required(text(extra.customer_email) ?? text(customer?.email), 'customer_email'),
      customer_firstname: required(
        text(extra.customer_firstname) ?? text(customer?.first_name),
        'customer_firstname',
      ),
      customer_lastname: required(
        text(extra.customer_lastname) ?? text(customer?.last_name),
        'customer_lastname',
      ),
    };
    const session = await this.call('create the checkout session', () =>
      this.client_.checkoutSessions.create(
        {
          amount,
          currency,
          ...payer,
          success_url: text(extra.success_url) ?? this.options_.successUrl,
          cancel_url: text(extra.cancel_url) ?? this.options_.cancelUrl,
          notification_url: this.options_.notificationUrl,
          payment_method: ['blik'],
          metadata: medusaSessionId ? { medusa_session_id: medusaSessionId } : undefined,
        },
        medusaSessionId
          ? { idempotencyKey: `medusa-session:${medusaSessionId}:${amount}:${currency}` }
          : undefined,
      ),
    );
    const data = sessionData(session as CheckoutSession, {
      medusa_session_id: medusaSessionId,
      refunds: [],
      checkout: {
        ...payer,
        ...(text(extra.success_url) ? { success_url: text(extra.success_url) } : {}),
        ...(text(extra.cancel_url) ? { cancel_url: text(extra.cancel_url) } : {}),
      },
    });
    return { id: data.session_id, status: this.sessionStatus(data.status), data: toMedusaData(data) };
  }

  /**
   * ConvergeGate sessions cannot change amount or currency; an open one is replaced by a new session
   * (the old one simply expires), a paid one cannot change at all.
   */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const current = readData(input.data);
    const currency = input.currency_code.toLowerCase();
    const amount = toMinorUnits(input.amount, currency);
    const session = await this.retrieveSession(current.session_id);
    if (session.amount_total === amount && session.currency.toLowerCase() === currency) {
      const data = sessionData(session, current);
      return { status: this.sessionStatus(data.status), data: toMedusaData(data) };
    }
    if (session.status !== 'open') {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `The checkout session is ${session.status}; its amount can no longer change.`,
      );
    }
    return this.initiatePayment({
      amount: input.amount,
      currency_code: input.currency_code,
      data: { ...toMedusaData(current), ...input.data },
      context: {
        ...input.context,
        idempotency_key: current.medusa_session_id ?? input.context?.idempotency_key,
      },
    });
  }

  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.getPaymentStatus(input);
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    const data = sessionData(session, current);
    return { status: this.sessionStatus(data.status), data: toMedusaData(data) };
  }

  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    return { data: toMedusaData(sessionData(session, current)) };
  }

  /** BLIK has no separate capture: a completed session already holds the money, so capture confirms it. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    if (session.status !== 'completed') {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `The checkout session is ${session.status}: the customer has not paid, so there is nothing to capture.`,
      );
    }
    return { data: toMedusaData(sessionData(session, current)) };
  }

  /**
   * There is no cancel endpoint: an open session just expires. A completed one has taken the money,
   * so cancelling it gives the money back with a full refund (keyed so it happens once).
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    let data = sessionData(session, current);
    const left = session.amount_total - (session.amount_refunded ?? 0);
    if (session.status === 'completed' && left > 0) {
      const key = `medusa-cancel:${session.id}`;
      const refund = await this.call('refund the canceled payment', () =>
        this.client_.refunds.create(
          { paymentId: session.id, amount: left, metadata: { refundkit_key: key } },
          { idempotencyKey: key },
        ),
      );
      data = withRefund(data, entryFor(refund, key, null));
    }
    return { data: { ...toMedusaData(data), canceled: true } };
  }

  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    if (session.status === 'completed') {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        'The checkout session is already paid; cancel or refund the payment instead of deleting it.',
      );
    }
    return { data: toMedusaData(sessionData(session, current)) };
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    const current = readData(input.data);
    const session = await this.retrieveSession(current.session_id);
    const currency = session.currency.toLowerCase();
    const amount = toMinorUnits(input.amount, currency);
    const view = await medusaRefundView(this.container, input.context?.idempotency_key, currency);
    const refundedBefore =
      view?.refundedBefore ?? current.refunds.reduce((sum, refund) => sum + (refund.amount ?? 0), 0);
    // The admin's own key when the plugin's admin route made the refund (a retry of that attempt
    // then replays at the gateway); otherwise the key of the logical refund.
    const key = view?.idempotencyKey ?? refundKey(session.id, refundedBefore, amount);
    const reason: RefundReason | null = reasonForCode(this.options_, view?.reasonCode);

    // Core's rule on the gateway's own numbers. A refund already sent under this key is the one a
    // retry replays, so it does not count against itself.
    const existing = await this.call('list the session’s refunds', async () => {
      const page = await this.client_.refunds.list({ paymentId: session.id, limit: 100 });
      const all = [];
      for await (const refund of page) all.push(refund);
      return all;
    });
    const holds: RefundHold[] = existing
      .filter((refund) => refund.metadata?.refundkit_key !== key)
      .map((refund) => ({ amount: refund.amount.amount, status: refund.status }));
    const checked = checkRefund({
      payment: snapshot(session),
      refunds: holds,
      request: { amount, currency, reason },
      capabilities: 'convergegate',
    });
    if (!checked.ok) throw toMedusaError(checked.error, 'refund', currency);

    const metadata: Record<string, string> = { refundkit_key: key };
    if (view?.paymentId) metadata.medusa_payment_id = view.paymentId;
    const refund = await this.call('refund the payment', () =>
      this.client_.refunds.create(
        { paymentId: session.id, amount, currency, reason, metadata },
        { idempotencyKey: key },
      ),
    );
    if (refund.replayed) {
      this.logger_?.info(
        `refundkit: refund ${refund.id} replayed for key ${key} (a retried refund, paid once)`,
      );
    }
    const data = withRefund(
      sessionData(session, current),
      entryFor(refund, key, input.context?.idempotency_key ?? null),
    );
    return { data: toMedusaData(data) };
  }

  /**
   * Checks `Sec-Signature`, then re-fetches the session (ConvergeGate's rule: never act on the
   * payload alone). Refund events are the plugin's module's business, not a payment action.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload['payload']): Promise<WebhookActionResult> {
    const event = await verifyEvent(this.client_, this.options_, payload, this.logger_);
    if (!event || !event.type.startsWith('checkout.session.'))
      return { action: PaymentActions.NOT_SUPPORTED };
    const sessionId = event.objectId;
    if (!sessionId) return { action: PaymentActions.NOT_SUPPORTED };
    const session = await this.retrieveSession(sessionId);
    const medusaSessionId = session.metadata?.medusa_session_id;
    if (!medusaSessionId) return { action: PaymentActions.NOT_SUPPORTED };
    if (!(await medusaHasSession(this.container, medusaSessionId))) {
      // Medusa resolves an unknown session id to an arbitrary cart (its query filter drops the
      // undefined collection id), so it must never see one. This happens when the cart changed after
      // the payment page was opened (Medusa deleted the session; ConvergeGate cannot expire it), or
      // when another store shares the ConvergeGate account.
      const paid =
        session.status === 'completed'
          ? ` The customer paid ${formatMoney(session.amount_total, session.currency, { locale: 'en-US' })} on it and no order can come of it: refund it at the gateway.`
          : '';
      this.logger_?.warn(
        `refundkit: ${event.type} for checkout session ${session.id} ignored: Medusa has no payment session ${medusaSessionId}.${paid}`,
      );
      return { action: PaymentActions.NOT_SUPPORTED };
    }
    const data = {
      session_id: medusaSessionId,
      amount: toMajorUnits(session.amount_total, session.currency),
    };
    switch (session.status) {
      case 'completed':
        return {
          action: this.options_.autoCapture ? PaymentActions.SUCCESSFUL : PaymentActions.AUTHORIZED,
          data,
        };
      case 'expired':
        return { action: PaymentActions.CANCELED, data };
      case 'open':
        return { action: PaymentActions.PENDING, data };
      default:
        return { action: PaymentActions.NOT_SUPPORTED };
    }
  }

  protected sessionStatus(status: string): PaymentSessionStatus {
    switch (status) {
      case 'completed':
        return (this.options_.autoCapture ? 'captured' : 'authorized') as PaymentSessionStatus;
      case 'open':
        // The customer still has to pay (enter or confirm the BLIK code).
        return 'requires_more' as PaymentSessionStatus;
      case 'expired':
        return 'canceled' as PaymentSessionStatus;
      default:
        return 'error' as PaymentSessionStatus;
    }
  }

  protected async retrieveSession(id: string): Promise<CheckoutSession> {
    return (await this.call('read the checkout session', () =>
      this.client_.checkoutSessions.retrieve(id),
    )) as CheckoutSession;
  }

  protected async call<T>(action: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toMedusaError(error, action);
    }
  }
}

function sessionData(
  session: CheckoutSession,
  current: Pick<ProviderData, 'medusa_session_id' | 'refunds' | 'checkout'>,
): ProviderData {
  const { medusa_session_id: medusaSessionId, refunds, checkout } = current;
  return {
    session_id: session.id,
    url: session.url ?? null,
    status: session.status,
    amount: session.amount_total,
    currency: session.currency.toLowerCase(),
    medusa_session_id: session.metadata?.medusa_session_id ?? medusaSessionId,
    refunds,
    checkout,
  };
}

function snapshot(session: CheckoutSession): PaymentSnapshot {
  const paid = session.status === 'completed';
  return {
    amount: session.amount_total,
    currency: session.currency,
    captured: paid ? session.amount_total : 0,
    state: paid ? 'succeeded' : session.status === 'expired' ? 'expired' : 'requires_payment',
    capturedAt: session.completed_at ?? session.created_at ?? Math.floor(Date.now() / 1000),
  };
}

interface GatewayRefund {
  id: string;
  amount: { amount: number };
  status: RefundEntry['status'];
  reason: string | null;
  createdAt: number;
}

function entryFor(refund: GatewayRefund, key: string, medusaRefundId: string | null): RefundEntry {
  return {
    id: refund.id,
    amount: refund.amount.amount,
    status: refund.status,
    reason: refund.reason,
    idempotency_key: key,
    medusa_refund_id: medusaRefundId,
    created_at: refund.createdAt,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** ConvergeGate needs the payer's name and e-mail; a guest checkout passes them in the session's `data`. */
function required(value: string | undefined, field: string): string {
  if (value === undefined) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `ConvergeGate needs ${field}: pass it in the payment session's data, or attach a customer to the cart.`,
    );
  }
  return value;
}

function optional<T>(cradle: Record<string, unknown>, key: string): T | undefined {
  try {
    return cradle[key] as T | undefined;
  } catch {
    return undefined;
  }
}
