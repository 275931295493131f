import path from 'node:path';
import { medusaIntegrationTestRunner } from '@medusajs/test-utils';
import { PROVIDER_ID, type StoreFixture, seedStore } from './helpers/store';

const root = path.resolve(__dirname, '..');
const dbName = `rk_medusa_${process.pid}_${Date.now().toString(36)}`;

process.env.RK_API_KEY = 'sk_test_boot';
process.env.RK_BASE_URL = 'http://127.0.0.1:9';

medusaIntegrationTestRunner({
  cwd: root,
  dbName,
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture;

    beforeAll(async () => {
      store = await seedStore(getContainer());
    });

    it('boots Medusa with the refundkit provider, module and admin route', async () => {
      const providers = await api.get('/admin/payments/payment-providers', store.adminHeaders);
      expect(providers.data.payment_providers.map((p: { id: string }) => p.id)).toContain(PROVIDER_ID);
      const listed = await api.get('/admin/orders/order_missing/refundkit-refunds', store.adminHeaders);
      expect(listed.status).toBe(200);
      expect(listed.data).toEqual({ order_id: 'order_missing', refund_failed: false, refunds: [], payments: [] });
    });
  },
});
