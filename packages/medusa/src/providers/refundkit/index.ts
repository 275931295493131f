import { ModuleProvider, Modules } from '@medusajs/framework/utils';
import { RefundkitPaymentProvider } from './service';

export default ModuleProvider(Modules.PAYMENT, { services: [RefundkitPaymentProvider] });

export { RefundkitPaymentProvider } from './service';
