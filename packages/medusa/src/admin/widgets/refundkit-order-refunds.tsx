import { defineWidgetConfig } from '@medusajs/admin-sdk';
import { Container } from '@medusajs/ui';
import { OrderRefunds } from '../components/order-refunds';
import '@refundkit/react/styles.css';

/** On the order page, beside the payments: the order's gateway refunds and a refund button. */
const RefundkitOrderRefundsWidget = ({ data }: { data: { id: string } }) => (
  // Medusa's own card, so the widget sits among the order page's other sections.
  <Container className="px-6 py-4">
    <OrderRefunds data={data} />
  </Container>
);

export const config = defineWidgetConfig({ zone: 'order.details.side.after' });

export default RefundkitOrderRefundsWidget;
