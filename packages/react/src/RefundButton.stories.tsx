import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';
import { RefundButton } from './RefundButton.js';
import { payment, refund } from './test/fixtures.js';
import type { MemoryOptions } from './test/memory-transport.js';
import { StoryBackend } from './test/story-backend.js';

const usd = payment(9899, 'USD');
const jpy = payment(9899, 'JPY');
const kwd = payment(12_345, 'KWD');
const checkout = payment(4500, 'EUR', 'checkout');

const meta = {
  title: 'Components/RefundButton',
  component: RefundButton,
  args: { payment: usd, refunds: [] },
  decorators: [
    (Story, { args, parameters }) => (
      <StoryBackend
        memory={{ payments: [args.payment], refunds: [...(args.refunds ?? [])], ...parameters['memory'] }}
        theme={parameters['theme']}
        locale={parameters['locale']}
      >
        <Story />
      </StoryBackend>
    ),
  ],
} satisfies Meta<typeof RefundButton>;

export default meta;
type Story = StoryObj<typeof meta>;

// Stories run in CI beside other work: let conditions take their time to appear.
const WAIT = { timeout: 15_000 };

const memory = (options: Partial<MemoryOptions>) => ({ memory: options });

async function openDialog(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.click(canvas.getByRole('button', { name: 'Refund' }));
  return within(await canvas.findByRole('dialog', { name: 'Refund payment' }, WAIT));
}

async function typeAmount(canvasElement: HTMLElement, text: string) {
  const dialog = await openDialog(canvasElement);
  const field = dialog.getByLabelText(/^Amount/);
  await userEvent.clear(field);
  if (text) await userEvent.type(field, text);
  return dialog;
}

async function review(canvasElement: HTMLElement, text?: string) {
  const dialog = text === undefined ? await openDialog(canvasElement) : await typeAmount(canvasElement, text);
  await userEvent.click(dialog.getByRole('button', { name: 'Review refund' }));
  return dialog;
}

export const Idle: Story = {};

export const Open: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement);
    await expect(dialog.getByLabelText('Amount (USD)')).toHaveValue('98.99');
  },
};

export const InvalidAmount: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await typeAmount(canvasElement, '12.345');
    await expect(
      dialog.getByText('Enter an amount of USD with at most 2 decimal places.'),
    ).toBeInTheDocument();
  },
};

export const OverTheCap: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await typeAmount(canvasElement, '120');
    await expect(dialog.getByText('That is more than the $98.99 still refundable.')).toBeInTheDocument();
  },
};

export const Full: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await expect(dialog.getByText('Refund $98.99 of $98.99')).toBeInTheDocument();
  },
};

export const Partial: Story = {
  args: { refunds: [refund(usd, 3000)] },
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement, '20');
    await expect(dialog.getByText('Refund $20.00 of $68.99')).toBeInTheDocument();
  },
};

export const Submitting: Story = {
  parameters: memory({ hang: true }),
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await userEvent.click(dialog.getByRole('button', { name: 'Refund $98.99' }));
    await expect(dialog.getByRole('button', { name: 'Refunding…' })).toHaveAttribute('aria-busy', 'true');
  },
};

export const ServerError: Story = {
  parameters: memory({
    failWith: { code: 'processing_error', message: 'The gateway did not answer in time.', status: 502 },
  }),
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await userEvent.click(dialog.getByRole('button', { name: 'Refund $98.99' }));
    await expect(await dialog.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'The gateway did not answer in time. (code: processing_error)',
    );
  },
};

/** Another refund landed after the page loaded: the server refuses, the dialog fetches the refunds and explains. */
export const RefusedRefundedMeanwhile: Story = {
  parameters: memory({ refunds: [refund(usd, 5000)] }),
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await userEvent.click(dialog.getByRole('button', { name: 'Refund $98.99' }));
    await expect(await dialog.findByRole('alert', {}, WAIT)).toHaveTextContent(
      'That is more than the $48.99 still refundable. (code: amount_exceeds_refundable)',
    );
  },
};

export const Succeeded: Story = {
  parameters: memory({ progress: ['pending', 'succeeded'] }),
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await userEvent.click(dialog.getByRole('button', { name: 'Refund $98.99' }));
    await expect(await dialog.findByText('Refund of $98.99 created.', {}, WAIT)).toBeInTheDocument();
  },
};

export const NothingLeftToRefund: Story = {
  args: { refunds: [refund(usd, 5000), refund(usd, 4899, 'pending')] },
};

export const CheckoutFullOnly: Story = {
  args: { payment: checkout },
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement);
    await expect(dialog.getByLabelText('Amount (EUR)')).toHaveAttribute('readonly');
  },
};

export const CheckoutAlreadyPartlyRefunded: Story = {
  args: { payment: checkout, refunds: [refund(checkout, 1000)] },
};

export const ZeroDecimalJPY: Story = {
  args: { payment: jpy },
  play: async ({ canvasElement }) => {
    const dialog = await review(canvasElement);
    await expect(dialog.getByText('Refund ¥9,899 of ¥9,899')).toBeInTheDocument();
  },
};

export const ThreeDecimalKWD: Story = {
  args: { payment: kwd },
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement);
    await expect(dialog.getByLabelText('Amount (KWD)')).toHaveValue('12.345');
  },
};

export const Dark: Story = {
  parameters: { theme: 'dark' },
  args: { refunds: [refund(usd, 3000)] },
  play: async ({ canvasElement }) => {
    await typeAmount(canvasElement, '70');
  },
};

export const DarkIdle: Story = {
  parameters: { theme: 'dark' },
};
