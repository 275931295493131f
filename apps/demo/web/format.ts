import { formatMoney } from '@refundkit/core';

export const LOCALE = 'en-US';

export const money = (amount: number, currency: string) => formatMoney(amount, currency, { locale: LOCALE });

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Unix seconds as a date and time. */
export const when = (seconds: number) => dateTime.format(new Date(seconds * 1000));
/** Unix ms as a time of day. */
export const clock = (ms: number) => time.format(new Date(ms));
