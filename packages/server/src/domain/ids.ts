import { randomBytes } from 'node:crypto';

// ConvergeGate ids are URL-safe random text without a type prefix: 19 characters for refunds
// ("kLcRRC5P8U68CYe0kVA"), 23 for sessions ("2AW-kLcRRC5P8U68CYe0kVA"). 14 and 17 random bytes
// encode to exactly those lengths.
export const newRefundId = (): string => randomBytes(14).toString('base64url');
export const newPaymentId = (): string => randomBytes(17).toString('base64url');
export const newEventId = (): string => `evt_${randomBytes(18).toString('base64url')}`;
