import type { Refund } from '@refundkit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { RefundStatus, type RefundStatusProps } from './RefundStatus.js';
import { payment, refund } from './test/fixtures.js';
import { StoryBackend } from './test/story-backend.js';

const paid = payment(9899, 'USD');
const live = refund(paid, 2500, 'pending', { id: 're_live' });

// Storybook's args cannot express the refund | refundId union, so the stories take both as optional.
type Args = { refund?: Refund | undefined; refundId?: string | undefined };

const meta = {
  title: 'Components/RefundStatus',
  component: RefundStatus as (props: Args) => ReturnType<typeof RefundStatus>,
  render: (args: Args) => <RefundStatus {...(args as RefundStatusProps)} />,
  args: { refund: refund(paid, 2500, 'pending') },
  decorators: [
    (Story, { parameters }) => (
      <StoryBackend
        memory={{ payments: [paid], refunds: [live], progress: ['pending', 'requires_action', 'succeeded'] }}
        theme={parameters['theme']}
      >
        <Story />
      </StoryBackend>
    ),
  ],
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Pending: Story = { args: { refund: refund(paid, 2500, 'pending') } };
export const RequiresAction: Story = { args: { refund: refund(paid, 2500, 'requires_action') } };
export const Succeeded: Story = { args: { refund: refund(paid, 2500, 'succeeded') } };
export const Failed: Story = {
  args: { refund: refund(paid, 2500, 'failed', { failureReason: 'The card was closed.' }) },
};
export const Canceled: Story = { args: { refund: refund(paid, 2500, 'canceled') } };

/** Polls the backend by id: pending, then action required, then refunded, and stops there. */
export const LiveById: Story = {
  args: { refund: undefined, refundId: 're_live' },
  play: async ({ canvasElement }) => {
    await expect(
      await within(canvasElement).findByText('Refunded', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  },
};

const all = (['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const).map((status) =>
  refund(paid, 2500, status),
);

export const AllStatuses: Story = {
  render: () => (
    <ul style={{ display: 'grid', gap: '0.5rem', listStyle: 'none', padding: 0, margin: 0 }}>
      {all.map((r) => (
        <li key={r.id}>
          <RefundStatus refund={r} />
        </li>
      ))}
    </ul>
  ),
};

export const AllStatusesDark: Story = { ...AllStatuses, parameters: { theme: 'dark' } };
