import type { Core } from '@strapi/strapi';

/**
 * Strapi awaits each policy (core's createPolicicesMiddleware), though its `PolicyHandler` type
 * is synchronous; ours read the settings, which may take a database round trip.
 */
export type AsyncPolicyHandler = (...args: Parameters<Core.PolicyHandler>) => Promise<boolean | undefined>;
