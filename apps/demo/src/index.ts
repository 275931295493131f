export { type Backend, type BackendOptions, type Gateway, startBackend } from './backend.js';
export { dashboardInputs, dashboardIsCurrent, ensureDashboard } from './dashboard.js';
export { type DemoOptions, type RunningDemo, startDemo } from './demo.js';
export { type Figures, figuresOf } from './figures.js';
export { SEED, type SeedPayment, type SeedRefund, type SeedResult, seedDemo } from './seed.js';
export {
  STORYBOOK_DIR,
  type StorybookSite,
  type StorybookState,
  storybookInputs,
  storybookIsCurrent,
  storybookSite,
} from './storybook.js';
export { type PaymentView, paymentView, toPayment, toRefund } from './views.js';
export { type WebhookDelivery, WebhookLog } from './webhook-log.js';
