import type { MedusaContainer } from '@medusajs/framework/types';
import { syncOpenRefunds } from '../lib/sync';

/** Webhooks can be lost; every minute, refunds still pending are asked for at the gateway. */
export default async function refundkitSyncOpenRefunds(container: MedusaContainer) {
  await syncOpenRefunds(container);
}

export const config = {
  name: 'refundkit-sync-open-refunds',
  // Overridable so tests can drive the poll themselves instead of racing the clock.
  schedule: process.env.REFUNDKIT_SYNC_SCHEDULE ?? '* * * * *',
};
