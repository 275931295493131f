import type { MedusaContainer } from '@medusajs/framework/types';
import { syncOpenRefunds } from '../lib/sync';

/**
 * Webhooks can be lost; every minute, refunds still pending are asked for at the gateway, through the
 * SDK's `reconcile` within the plugin's `reconcile` bounds (page size, concurrency, a time budget).
 * `REFUNDKIT_POLL=off` stops it (a store whose webhooks are reliable, or tests that drive the poll).
 */
export default async function refundkitSyncOpenRefunds(container: MedusaContainer) {
  if (process.env.REFUNDKIT_POLL === 'off') return;
  await syncOpenRefunds(container);
}

export const config = {
  name: 'refundkit-sync-open-refunds',
  schedule: '* * * * *',
};
