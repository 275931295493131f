import { Module } from '@medusajs/framework/utils';
import { RefundkitModuleService } from './service';

export const REFUNDKIT_MODULE = 'refundkit';

export default Module(REFUNDKIT_MODULE, { service: RefundkitModuleService });

export type { RecordRefundInput, RefundRecord, StatusChange } from './service';
export { RefundkitModuleService } from './service';
