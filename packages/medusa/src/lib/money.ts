import type { BigNumberInput } from '@medusajs/framework/types';
import { BigNumber, MathBN, MedusaError } from '@medusajs/framework/utils';
import { isRefundError, parseAmount, toDecimalString } from '@refundkit/core';

/**
 * Medusa counts money in major units as big decimals (10.5 EUR); gateways count integer minor units
 * (1050). The conversion goes through core as text, so no float ever touches an amount, and an
 * amount with more decimals than the currency has is refused instead of rounded.
 */
export function toMinorUnits(amount: BigNumberInput, currency: string): number {
  const text = MathBN.convert(amount).toFixed();
  try {
    return parseAmount(text, currency);
  } catch (error) {
    if (isRefundError(error)) throw new MedusaError(MedusaError.Types.INVALID_DATA, error.message);
    throw error;
  }
}

export function toMajorUnits(minor: number, currency: string): BigNumber {
  return new BigNumber(toDecimalString(minor, currency));
}
