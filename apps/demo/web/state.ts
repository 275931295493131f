import { advance, type Payment, type PaymentState, type Refund } from '@refundkit/core';
import type { RefundStore } from '@refundkit/react';
import { useEffect, useReducer, useRef } from 'react';
import type { DemoConfig, PaymentView, WebhookDelivery } from './types.js';

export interface PaymentRow {
  readonly payment: Payment;
  readonly customer: PaymentView['customer'];
  readonly description: string;
}

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface DashboardState {
  readonly config: DemoConfig | null;
  readonly connection: Connection;
  /** Newest first, as the server lists them. */
  readonly payments: readonly PaymentRow[];
  /** By id. */
  readonly refunds: ReadonlyMap<string, Refund>;
  /** Refund ids, newest first: the server's order, then each new one on top as it arrives. */
  readonly refundOrder: readonly string[];
  /** Newest first. */
  readonly webhooks: readonly WebhookDelivery[];
  readonly loaded: boolean;
  readonly error: string | null;
}

type Action =
  | { type: 'config'; config: DemoConfig }
  | { type: 'connection'; connection: Connection }
  | { type: 'loaded'; payments: PaymentView[]; refunds: Refund[]; webhooks: WebhookDelivery[] }
  | { type: 'payment'; view: PaymentView }
  | { type: 'refund'; refund: Refund }
  | { type: 'webhook'; entry: WebhookDelivery }
  | { type: 'error'; message: string };

/** News about a refund is taken only when it moves it forward (webhooks can arrive out of order). */
export function isNewer(current: Refund | undefined, next: Refund): boolean {
  if (!current) return true;
  const step = advance(current.status, next.status);
  return step.ok && (step.value.changed || next.updatedAt > current.updatedAt);
}

const STATE_ORDER: Record<PaymentState, number> = {
  requires_payment: 0,
  processing: 1,
  succeeded: 2,
  canceled: 2,
  expired: 2,
  failed: 2,
};

type RefundsPart = Pick<DashboardState, 'refunds' | 'refundOrder'>;

/** Takes the news in `refunds` (given oldest first); ids not seen before go on top of the order. */
function mergeRefunds(state: RefundsPart, refunds: readonly Refund[]): RefundsPart {
  let map: Map<string, Refund> | undefined;
  const added: string[] = [];
  for (const refund of refunds) {
    const current = (map ?? state.refunds).get(refund.id);
    if (!isNewer(current, refund)) continue;
    map ??= new Map(state.refunds);
    if (!current) added.push(refund.id);
    map.set(refund.id, refund);
  }
  if (!map) return state;
  return {
    refunds: map,
    refundOrder: added.length ? [...added.reverse(), ...state.refundOrder] : state.refundOrder,
  };
}

function mergePayment(list: readonly PaymentRow[], view: PaymentView): readonly PaymentRow[] {
  const row: PaymentRow = { payment: view.payment, customer: view.customer, description: view.description };
  const at = list.findIndex((p) => p.payment.id === view.payment.id);
  if (at === -1) return [row, ...list];
  const old = list[at]!;
  // A payment's state only moves on; an older view arriving late keeps the newer state.
  if (STATE_ORDER[view.payment.state] < STATE_ORDER[old.payment.state]) return list;
  const copy = [...list];
  copy[at] = row;
  return copy;
}

function reduce(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'config':
      return { ...state, config: action.config };
    case 'connection':
      return { ...state, connection: action.connection };
    case 'loaded': {
      let payments: readonly PaymentRow[] = state.loaded ? state.payments : [];
      // The server's order (newest first) wins for the list; merging keeps any newer news already here.
      for (const view of [...action.payments].reverse()) payments = mergePayment(payments, view);
      const order = new Map(action.payments.map((v, i) => [v.payment.id, i]));
      payments = [...payments].sort(
        (a, b) => (order.get(a.payment.id) ?? -1) - (order.get(b.payment.id) ?? -1),
      );
      const seen = new Set(state.webhooks.map((w) => w.seq));
      const webhooks = [...state.webhooks, ...action.webhooks.filter((w) => !seen.has(w.seq))].sort(
        (a, b) => b.seq - a.seq,
      );
      const merged = mergeRefunds(state, action.refunds);
      const listed = new Set(action.refunds.map((r) => r.id));
      // The server's order for what it listed; refunds it did not list yet (newer) stay on top.
      const refundOrder = [
        ...merged.refundOrder.filter((id) => !listed.has(id)),
        ...action.refunds.map((r) => r.id),
      ];
      return { ...state, loaded: true, error: null, payments, ...merged, refundOrder, webhooks };
    }
    case 'payment':
      return {
        ...state,
        payments: mergePayment(state.payments, action.view),
        ...mergeRefunds(state, [...action.view.refunds].reverse()),
      };
    case 'refund':
      return { ...state, ...mergeRefunds(state, [action.refund]) };
    case 'webhook':
      if (state.webhooks.some((w) => w.seq === action.entry.seq)) return state;
      return { ...state, webhooks: [action.entry, ...state.webhooks].slice(0, 200) };
    case 'error':
      return { ...state, error: action.message };
  }
}

const INITIAL: DashboardState = {
  config: null,
  connection: 'connecting',
  payments: [],
  refunds: new Map(),
  refundOrder: [],
  webhooks: [],
  loaded: false,
  error: null,
};

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

/**
 * The dashboard's data: loaded once the refund server is up, then kept current by the backend's
 * server-sent events (driven by the server's verified webhooks). After a reconnect everything is
 * loaded again, so nothing missed while offline stays missed. Refund news also goes to the
 * components' store, so every <RefundStatus> showing that refund moves at once.
 */
export function useDashboard(store: RefundStore | null): DashboardState {
  const [state, dispatch] = useReducer(reduce, INITIAL);
  const storeRef = useRef(store);
  storeRef.current = store;

  useEffect(() => {
    let disposed = false;
    let loading = 0;
    const load = async () => {
      const ticket = ++loading;
      try {
        const [payments, refunds, webhooks] = await Promise.all([
          getJson<{ data: PaymentView[] }>('/api/payments'),
          getJson<{ data: Refund[] }>('/api/refunds'),
          getJson<{ data: WebhookDelivery[] }>('/api/webhooks'),
        ]);
        if (disposed || ticket !== loading) return;
        for (const refund of refunds.data) storeRef.current?.offer(refund);
        dispatch({ type: 'loaded', payments: payments.data, refunds: refunds.data, webhooks: webhooks.data });
      } catch (error) {
        if (!disposed) dispatch({ type: 'error', message: (error as Error).message });
      }
    };
    const source = new EventSource('/api/events');
    const read = <T>(event: Event) => JSON.parse((event as MessageEvent<string>).data) as T;
    const onConfig = (event: Event) => {
      const config = read<DemoConfig>(event);
      dispatch({ type: 'config', config });
      dispatch({ type: 'connection', connection: 'live' });
      if (config.ready) void load();
    };
    source.addEventListener('hello', onConfig);
    source.addEventListener('ready', onConfig);
    source.addEventListener('refund', (event) => {
      const refund = read<Refund>(event);
      storeRef.current?.offer(refund);
      dispatch({ type: 'refund', refund });
    });
    source.addEventListener('payment', (event) => {
      const view = read<PaymentView>(event);
      for (const refund of view.refunds) storeRef.current?.offer(refund);
      dispatch({ type: 'payment', view });
    });
    source.addEventListener('webhook', (event) => {
      dispatch({ type: 'webhook', entry: read<WebhookDelivery>(event) });
    });
    source.onerror = () => {
      if (!disposed) dispatch({ type: 'connection', connection: 'reconnecting' });
    };
    return () => {
      disposed = true;
      source.close();
    };
  }, []);

  return state;
}
