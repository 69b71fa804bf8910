import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import type { Core } from '@strapi/strapi';
import { getPluginConfig } from '../utils/plugin-config';

/**
 * The address the plugin decides on (allow-list, brute-force brake, delivery log).
 *
 * Koa's `ctx.ip` behind `server.proxy.koa: true` is the LEFTMOST entry of X-Forwarded-For, which
 * the client writes itself unless `server.proxy.maxIpsCount` is set. Each proxy appends the
 * address it received the request from, so the only entries we can believe are the last `hops`
 * ones: the entry `hops` places from the right is what the outermost trusted proxy saw.
 */

export const DEFAULT_IP_HEADER = 'X-Forwarded-For';

export interface ProxyTrust {
  /** Whether a reverse proxy in front of Strapi is trusted to write `ipHeader`. */
  trusted: boolean;
  ipHeader: string;
  /** How many trusted proxies append to `ipHeader` (≥ 1). */
  hops: number;
}

/**
 * An address as the plugin stores and compares it: IPv4-mapped IPv6 (`::ffff:a.b.c.d`, how IPv4
 * clients reach a dual-stack server) as IPv4, IPv6 in its short form; a port some proxies append
 * (`a.b.c.d:port`, `[v6]:port`) dropped. Null if it is not an address.
 */
export const normalizeAddress = (value: string): string | null => {
  let candidate = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(':'));
  // dotted quads only: ipaddr.js would also read `1` or `0x7f.1` as IPv4
  if (!ipaddr.IPv4.isValidFourPartDecimal(candidate) && !ipaddr.IPv6.isValid(candidate)) return null;
  const address = ipaddr.parse(candidate);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address().toString();
  }
  return address.toString();
};

export interface AddressSources {
  /** The TCP peer (`req.socket.remoteAddress`): the client, or the nearest proxy. */
  socketAddress: string | undefined;
  /** The raw value of the proxy's IP header, several lines already joined by `, ` (Node does). */
  headerValue: string | undefined;
}

const socketOf = (socketAddress: string | undefined): string =>
  socketAddress ? (normalizeAddress(socketAddress) ?? socketAddress) : '';

/**
 * Without a trusted proxy: the socket's address. Behind one: the entry `hops` places from the
 * right of the header. Falls back to the socket's address (the nearest proxy, the one party we
 * know for sure) when the header has fewer entries than `hops` (the request skipped a proxy, so
 * every entry may be the client's own) or when that entry is not an address (`unknown`, say).
 */
export const decideClientAddress = ({ socketAddress, headerValue }: AddressSources, trust: ProxyTrust): string => {
  if (!trust.trusted || !headerValue) return socketOf(socketAddress);
  const entries = headerValue.split(',').map((entry) => entry.trim());
  if (entries.length < trust.hops) return socketOf(socketAddress);
  return normalizeAddress(entries[entries.length - trust.hops]) ?? socketOf(socketAddress);
};

/** `config/server.js` → `proxy`: `true`, or `{ koa, ipHeader, maxIpsCount, global, … }`. */
export type ServerProxyConfig = boolean | { koa?: boolean; ipHeader?: string; maxIpsCount?: number } | undefined;

/**
 * Who the plugin trusts. `proxy: true` (Strapi 4's form) counts as trusting one proxy, though
 * Strapi 5 only hands `proxy.koa` to Koa. Hops: the plugin's `proxyHops`, else Strapi's
 * `maxIpsCount` when set, else 1.
 */
export const proxyTrustOf = (proxy: ServerProxyConfig, proxyHops: number | null): ProxyTrust => {
  const options = typeof proxy === 'object' && proxy !== null ? proxy : {};
  const maxIpsCount = Number(options.maxIpsCount ?? 0);
  return {
    trusted: proxy === true || options.koa === true,
    ipHeader: options.ipHeader || DEFAULT_IP_HEADER,
    hops: proxyHops ?? (Number.isInteger(maxIpsCount) && maxIpsCount > 0 ? maxIpsCount : 1),
  };
};

export const proxyTrustFromStrapi = (strapi: Core.Strapi): ProxyTrust =>
  proxyTrustOf(strapi.config.get('server.proxy') as ServerProxyConfig, getPluginConfig(strapi).proxyHops ?? null);

/** One header of a request, several lines joined as Node joins them. */
const headerOf = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * The decided address of a request: use this, never `ctx.ip`, for anything the plugin decides.
 */
export const clientAddressOf = (ctx: { req: IncomingMessage }, strapi: Core.Strapi): string => {
  const trust = proxyTrustFromStrapi(strapi);
  return decideClientAddress(
    { socketAddress: ctx.req.socket?.remoteAddress, headerValue: trust.trusted ? headerOf(ctx.req, trust.ipHeader) : undefined },
    trust
  );
};

/**
 * What to tell at boot when the proxy set-up leaves room for doubt, or null. Said once: the
 * hop count the plugin assumed, and that Strapi's own `ctx.ip` believes the client.
 */
export const proxyAdvice = (proxy: ServerProxyConfig, proxyHops: number | null): string | null => {
  const trust = proxyTrustOf(proxy, proxyHops);
  if (!trust.trusted) return null;
  const options = typeof proxy === 'object' && proxy !== null ? proxy : {};
  const maxIpsCount = Number(options.maxIpsCount ?? 0);
  if (proxy === true) {
    return (
      `[grupozap] server.proxy is \`true\`: Strapi 5 only reads server.proxy.koa, so its ctx.ip is the proxy's address; ` +
      `the plugin trusts ${trust.hops} proxy hop(s) of ${trust.ipHeader}. Prefer proxy: { koa: true, maxIpsCount: <number of proxies> }.`
    );
  }
  if (proxyHops !== null || maxIpsCount > 0) return null;
  return (
    `[grupozap] server.proxy.koa is on without server.proxy.maxIpsCount: Strapi's own ctx.ip is the LEFTMOST ` +
    `${trust.ipHeader} entry, which any client can write. The plugin decides on the entry appended by the nearest ` +
    `proxy (1 hop). If more than one proxy appends to ${trust.ipHeader} (a CDN in front of a load balancer, say), set ` +
    `server.proxy.maxIpsCount (config/server.js) or the plugin's proxyHops to their number.`
  );
};
