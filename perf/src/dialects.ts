import type { Api } from './http.js';
import { pool } from './http.js';
import type { Surface } from './surface.js';
import { checkout } from './surfaces/checkout.js';
import { convergeGate } from './surfaces/convergegate.js';
import { stripe } from './surfaces/stripe.js';

export type { DialectName, Endpoint, Fixture, Surface } from './surface.js';
export { fillPath, fixtureIds, nestedErrorCode } from './surface.js';
export { checkout, convergeGate, stripe };

/** Every dialect the server speaks. */
export const DIALECTS: Surface[] = [convergeGate, stripe, checkout];

/** `count` paid payments, made `concurrency` at a time. */
export function paidPayments(surface: Surface, api: Api, count: number, amount: number, concurrency = 8) {
  return pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    () => surface.paidPayment(api, amount),
  );
}
