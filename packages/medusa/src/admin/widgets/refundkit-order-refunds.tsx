import { defineWidgetConfig } from '@medusajs/admin-sdk';
import { OrderRefunds } from '../components/order-refunds';
import '@refundkit/react/styles.css';

/** On the order page, beside the payments: the order's gateway refunds and a refund button. */
const RefundkitOrderRefundsWidget = ({ data }: { data: { id: string } }) => <OrderRefunds data={data} />;

export const config = defineWidgetConfig({ zone: 'order.details.side.after' });

export default RefundkitOrderRefundsWidget;
