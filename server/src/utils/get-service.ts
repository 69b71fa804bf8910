import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import type services from '../services';

type Services = typeof services;
export type ServiceName = keyof Services;
export type PluginService<TName extends ServiceName> = ReturnType<Services[TName]>;

/** Typed access to this plugin's services, so no caller spells `strapi.plugin(…).service(…)`. */
export const getService = <TName extends ServiceName>(strapi: Core.Strapi, name: TName): PluginService<TName> =>
  strapi.plugin(PLUGIN_ID).service(name) as PluginService<TName>;
