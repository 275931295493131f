import type { Transaction } from 'kysely';
import type { Db } from '../../db/open.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { findPayment } from '../../domain/payments.js';
import { type RefundDetails, renderCharge, renderIntent, renderRefund } from './objects.js';

export const expandList = (value: unknown): string[] =>
  value === undefined
    ? []
    : Array.isArray(value)
      ? value.map(String)
      : typeof value === 'object'
        ? Object.values(value as object).map(String)
        : [String(value)];

export const cannotExpand = (path: string) =>
  new DomainError(
    'invalid_request',
    'parameter_invalid',
    `This property cannot be expanded (${path}).`,
    'expand',
  );

/** A list's `expand[]=data.charge` is the item's `charge`. */
export const itemPaths = (paths: string[]) =>
  paths.map((path) => {
    if (!path.startsWith('data.')) throw cannotExpand(path);
    return path.slice('data.'.length);
  });

export const chargeView = (row: Parameters<typeof renderCharge>[0], expandPaths: string[]) => {
  const view = renderCharge(row);
  for (const path of expandPaths) {
    if (path !== 'payment_intent') throw cannotExpand(path);
    view['payment_intent'] = renderIntent(row);
  }
  return view;
};

export const intentView = (row: Parameters<typeof renderIntent>[0], expandPaths: string[]) => {
  const view = renderIntent(row);
  for (const path of expandPaths) {
    if (path === 'latest_charge') {
      if (row.state === 'succeeded') view['latest_charge'] = renderCharge(row);
    } else {
      throw cannotExpand(path);
    }
  }
  return view;
};

export const refundView = async (
  db: Db | Transaction<Database>,
  scope: Scope,
  row: Parameters<typeof renderRefund>[0],
  details: RefundDetails,
  expandPaths: string[],
) => {
  const view = renderRefund(row, details);
  for (const path of expandPaths) {
    if (path === 'charge' || path === 'payment_intent') {
      if (view[path] === null) continue;
      const payment = await findPayment(db, scope, row.payment_id);
      if (payment) view[path] = path === 'charge' ? renderCharge(payment) : renderIntent(payment);
    } else {
      throw cannotExpand(path);
    }
  }
  return view;
};
