import { REFUND_STATUSES } from '@refundkit/core';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { RefundkitProvider } from './context.js';
import { RefundStatus } from './RefundStatus.js';
import { payment, refund } from './test/fixtures.js';
import { createMemoryTransport } from './test/memory-transport.js';

const paid = payment(5000);
const labels = {
  pending: 'Pending',
  requires_action: 'Action required',
  succeeded: 'Refunded',
  failed: 'Failed',
  canceled: 'Canceled',
};

describe('RefundStatus', () => {
  test('every canonical status has its label, colour hook and icon; a failure shows its reason', () => {
    for (const status of REFUND_STATUSES) {
      const { container, unmount } = render(<RefundStatus refund={refund(paid, 100, status)} />);
      const badge = container.querySelector('.rk-status')!;
      expect(badge.getAttribute('data-status')).toBe(status);
      expect(badge.querySelector('svg[aria-hidden="true"] path')?.getAttribute('d')).toBeTruthy();
      expect(screen.getByText(labels[status])).toBeTruthy();
      if (status === 'failed') expect(screen.getByText('— The card was closed.')).toBeTruthy();
      unmount();
    }
  });

  test('a terminal refund needs no backend and sends no request', () => {
    const transport = createMemoryTransport({ payments: [paid] });
    render(
      <RefundkitProvider transport={transport}>
        <RefundStatus refund={refund(paid, 100, 'succeeded')} />
      </RefundkitProvider>,
    );
    expect(screen.getByText('Refunded')).toBeTruthy();
    expect(transport.calls.get).toEqual([]);
  });

  test('live until terminal, with one request per poll however many components show the refund', async () => {
    const pending = refund(paid, 100, 'pending');
    const transport = createMemoryTransport({
      payments: [paid],
      refunds: [pending],
      progress: ['pending', 'requires_action', 'failed'],
    });
    const { container } = render(
      <RefundkitProvider transport={transport} polling={{ initialDelay: 1, maxDelay: 5 }}>
        <RefundStatus refundId={pending.id} />
        <RefundStatus refundId={pending.id} />
        <RefundStatus refund={pending} />
      </RefundkitProvider>,
    );
    await waitFor(() => expect(screen.getAllByText('Failed')).toHaveLength(3));
    expect(screen.getAllByText('— The card was closed.')).toHaveLength(3);
    expect(container.querySelectorAll('[data-status="failed"]')).toHaveLength(3);
    // pending (first look), requires_action, failed: three polls in all, then none.
    expect(transport.calls.get).toEqual([pending.id, pending.id, pending.id]);
  });

  test('polling stops when the last component showing a refund unmounts, while others go on', async () => {
    const a = refund(paid, 100, 'pending');
    const b = refund(paid, 200, 'pending');
    const transport = createMemoryTransport({ payments: [paid], refunds: [a, b] });
    const polls = (id: string) => transport.calls.get.filter((x) => x === id).length;
    const page = (showA: boolean) => (
      <RefundkitProvider transport={transport} polling={{ initialDelay: 1, maxDelay: 2 }}>
        {showA ? <RefundStatus refundId={a.id} /> : null}
        {showA ? <RefundStatus refund={a} /> : null}
        <RefundStatus refundId={b.id} />
      </RefundkitProvider>
    );
    const { rerender } = render(page(true));
    await waitFor(() => expect(polls(a.id)).toBeGreaterThanOrEqual(3));
    rerender(page(false));
    const stoppedAt = polls(a.id);
    const bAt = polls(b.id);
    // b keeps being polled: time passes, and a is not asked about again.
    await waitFor(() => expect(polls(b.id)).toBeGreaterThanOrEqual(bAt + 5));
    expect(polls(a.id)).toBe(stoppedAt);
  });

  test('an unknown id shows the backend’s code instead of a status', async () => {
    const transport = createMemoryTransport({ payments: [paid] });
    render(
      <RefundkitProvider transport={transport} polling={{ initialDelay: 1000 }}>
        <RefundStatus refundId="re_missing" />
      </RefundkitProvider>,
    );
    expect(screen.getByText('Loading status…')).toBeTruthy();
    expect(await screen.findByText('Status unavailable (code: resource_missing)')).toBeTruthy();
  });

  test('labels follow the provider’s messages', () => {
    render(
      <RefundkitProvider
        transport={createMemoryTransport({ payments: [paid] })}
        messages={{ status: { succeeded: 'Erstattet' } }}
      >
        <RefundStatus refund={refund(paid, 100, 'succeeded')} />
      </RefundkitProvider>,
    );
    expect(screen.getByText('Erstattet')).toBeTruthy();
  });
});
