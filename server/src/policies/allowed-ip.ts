import ipaddr from 'ipaddr.js';
import type { Core } from '@strapi/strapi';
import { portalRefusal } from '../answers';
import { getPluginConfig } from '../utils/plugin-config';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

const toRange = (entry: string): Range => {
  if (entry.includes('/')) return ipaddr.parseCIDR(entry);
  const address = ipaddr.parse(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
};

/** IPv4 clients reach a dual-stack server as `::ffff:a.b.c.d`. */
const normalize = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
  address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;

export const isAllowedIp = (ip: string, allowed: string[]): boolean => {
  if (allowed.length === 0) return true;
  if (!ipaddr.isValid(ip)) return false;
  const address = normalize(ipaddr.parse(ip));
  return allowed.some((entry) => {
    const [range, bits] = toRange(entry);
    const base = normalize(range);
    return address.kind() === base.kind() && address.match(base, base.kind() === range.kind() ? bits : bits - 96);
  });
};

/** The optional `allowedIps` list of the plugin config (behind a proxy, set `proxy: true`). */
const allowedIp: Core.PolicyHandler = (policyContext, _config, { strapi }) => {
  if (!isAllowedIp(policyContext.request.ip, getPluginConfig(strapi).allowedIps)) {
    throw portalRefusal('IP_NOT_ALLOWED');
  }
  return true;
};

export default allowedIp;
