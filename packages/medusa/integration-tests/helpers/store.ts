import { createProductsWorkflow } from '@medusajs/core-flows';
import type { MedusaContainer } from '@medusajs/framework/types';
import { ContainerRegistrationKeys, generateJwtToken, Modules } from '@medusajs/framework/utils';

export const JWT_SECRET = 'refundkit-test-jwt';
export const PROVIDER_ID = 'pp_refundkit_refundkit';

export interface StoreFixture {
  adminHeaders: { headers: Record<string, string> };
  storeHeaders: { headers: Record<string, string> };
  regionId: string;
  variantId: string;
  salesChannelId: string;
}

/**
 * What a real store has before its first BLIK order: an admin, a publishable key on a sales channel,
 * a PLN region with the refundkit provider enabled, and a product that needs no shipping.
 */
export async function seedStore(container: MedusaContainer): Promise<StoreFixture> {
  const users = container.resolve(Modules.USER);
  const auth = container.resolve(Modules.AUTH);
  const user = await users.createUsers({ email: 'admin@refundkit.test' });
  const identity = await auth.createAuthIdentities({
    provider_identities: [{ provider: 'emailpass', entity_id: 'admin@refundkit.test' }],
    app_metadata: { user_id: user.id },
  });
  const token = generateJwtToken(
    {
      actor_id: user.id,
      actor_type: 'user',
      auth_identity_id: identity.id,
      app_metadata: { user_id: user.id },
    },
    { secret: JWT_SECRET, expiresIn: '1d' },
  );

  const channels = container.resolve(Modules.SALES_CHANNEL);
  const channel = await channels.createSalesChannels({ name: 'Web' });
  const keys = container.resolve(Modules.API_KEY);
  const key = await keys.createApiKeys({ title: 'storefront', type: 'publishable', created_by: user.id });
  const link = container.resolve(ContainerRegistrationKeys.LINK);
  await link.create({
    [Modules.API_KEY]: { publishable_key_id: key.id },
    [Modules.SALES_CHANNEL]: { sales_channel_id: channel.id },
  });

  const regions = container.resolve(Modules.REGION);
  const region = await regions.createRegions({ name: 'Polska', currency_code: 'pln', countries: ['pl'] });
  await link.create({
    [Modules.REGION]: { region_id: region.id },
    [Modules.PAYMENT]: { payment_provider_id: PROVIDER_ID },
  });

  const { result } = await createProductsWorkflow(container).run({
    input: {
      products: [
        {
          title: 'Kubek',
          status: 'published',
          options: [{ title: 'Size', values: ['one'] }],
          sales_channels: [{ id: channel.id }],
          variants: [
            {
              title: 'Kubek',
              options: { Size: 'one' },
              manage_inventory: false,
              prices: [{ amount: 100, currency_code: 'pln' }],
            },
          ],
        },
      ],
    },
  });
  const variantId = result[0]?.variants[0]?.id;
  if (!variantId) throw new Error('seedStore: the product has no variant');

  return {
    adminHeaders: { headers: { authorization: `Bearer ${token}` } },
    storeHeaders: { headers: { 'x-publishable-api-key': key.token } },
    regionId: region.id,
    variantId,
    salesChannelId: channel.id,
  };
}
