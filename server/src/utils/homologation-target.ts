import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { HomologationTargetReason } from '../../../shared/contracts/homologation';

/**
 * Where the homologation runner may post the portal secret: the lead route of this app, on a host
 * the deployment configured (not one an admin types), at an address that is neither a cloud
 * metadata endpoint nor link-local, unspecified, multicast or broadcast, nor another service of
 * this machine (loopback at a port other than this Strapi's). Pure: the caller resolves the name.
 */

/** What the deployment configured, which an admin cannot change from the admin panel. */
export interface TrustedTargets {
  /** Strapi's `server.url`, when it is an absolute http(s) URL. */
  serverUrl: string | null;
  /** The plugin config's `subdomainBase` (not the one derived from the admin's public URL). */
  subdomainBase: string | null;
  /** The port this Strapi listens on. */
  ownPort: number;
  /** The plugin's lead path, e.g. `/api/grupozap/lead`. */
  leadPath: string;
}

/** A URL the runner may post to, once every address of `host` passes `addressRefusal`. */
export interface AcceptedTarget {
  ok: true;
  /** The host name to resolve (an IPv6 address without brackets). */
  host: string;
  port: number;
  /** The host is `localhost`: it must resolve to loopback addresses only. */
  loopbackOnly: boolean;
}

export interface RefusedTarget {
  ok: false;
  reason: HomologationTargetReason;
  host: string;
  address: string | null;
}

/** Cloud metadata endpoints: AWS (IMDS, IMDS over IPv6, ECS), GCP, Azure, Oracle, Alibaba. */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', '169.254.170.2', 'fd00:ec2::254', '168.63.129.16', '192.0.0.192', '100.100.100.200'].map((text) =>
    ipaddr.parse(text).toNormalizedString()
  )
);
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A host name as compared here: lower case, no brackets, no trailing dot. */
export const bareHost = (hostname: string): string =>
  hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();

const defaultPort = (protocol: string): number => (protocol === 'https:' ? 443 : 80);
const portOf = (url: URL): number => (url.port ? Number(url.port) : defaultPort(url.protocol));

/** Only the canonical forms `net` and `dns.lookup` give (the URL parser has already turned `0xa9.0376…` into one). */
const parseAddress = (text: string): Address | null => {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (!isIP(bare)) return null;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
};

const ipv4 = (high: number, low: number): ipaddr.IPv4 => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);

/**
 * The IPv4 address an IPv6 one carries and is routed to: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-translated, NAT64 (`64:ff9b::/96`), 6to4 (`2002:AABB:CCDD::/48`) and the deprecated
 * IPv4-compatible form (`::a.b.c.d`).
 */
const embeddedIPv4 = (address: ipaddr.IPv6): ipaddr.IPv4 | null => {
  const parts = address.parts;
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return ipv4(parts[6], parts[7]);
  if (range === '6to4') return ipv4(parts[1], parts[2]);
  if (parts.slice(0, 6).every((part) => part === 0) && parts[6] !== 0) return ipv4(parts[6], parts[7]);
  return null;
};

const isLoopback = (address: Address): boolean => {
  if (address.range() === 'loopback') return true;
  const inner = address.kind() === 'ipv6' ? embeddedIPv4(address as ipaddr.IPv6) : null;
  return inner !== null && inner.range() === 'loopback';
};

const refusalOf = (address: Address, port: number, ownPort: number): HomologationTargetReason | null => {
  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return 'METADATA';
  switch (address.range()) {
    case 'linkLocal':
      return 'LINK_LOCAL';
    case 'unspecified':
      return 'UNSPECIFIED';
    case 'multicast':
      return 'MULTICAST';
    case 'broadcast':
      return 'BROADCAST';
    case 'loopback':
      return port === ownPort ? null : 'LOOPBACK_OTHER_PORT';
    default:
      return null;
  }
};

/**
 * Why the runner must not connect to `address` (an IP address as `dns.lookup` gives it, or a URL's
 * host) at `port`; null when it may. An IPv6 address carrying an IPv4 one is judged on both.
 */
export const addressRefusal = (address: string, port: number, ownPort: number): HomologationTargetReason | null => {
  const parsed = parseAddress(address);
  if (!parsed) return 'NOT_AN_ADDRESS';
  const own = refusalOf(parsed, port, ownPort);
  if (own) return own;
  const inner = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : null;
  return inner ? refusalOf(inner, port, ownPort) : null;
};

/** Whether `address` is a loopback address (127.0.0.0/8, ::1, or one of them carried in IPv6). */
export const isLoopbackAddress = (address: string): boolean => {
  const parsed = parseAddress(address);
  return parsed !== null && isLoopback(parsed);
};

/** The addresses a host name resolved to, all of which must pass; the first refused one otherwise. */
export const resolvedRefusal = (
  addresses: string[],
  { port, loopbackOnly }: Pick<AcceptedTarget, 'port' | 'loopbackOnly'>,
  ownPort: number
): { reason: HomologationTargetReason; address: string | null } | null => {
  if (!addresses.length) return { reason: 'NOT_AN_ADDRESS', address: null };
  for (const address of addresses) {
    const reason = addressRefusal(address, port, ownPort);
    if (reason) return { reason, address };
    // `localhost` is trusted as this machine: a resolver that says otherwise is not followed
    if (loopbackOnly && !isLoopbackAddress(address)) return { reason: 'HOST', address };
  }
  return null;
};

interface Origin {
  protocols: string[];
  host: (host: string) => boolean;
  ports: number[];
  /** The path the public URL puts before the lead path (a proxy's prefix). */
  prefix: string;
  loopbackOnly: boolean;
}

const absolute = (value: string | null): URL | null => {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
};

const originsOf = ({ serverUrl, subdomainBase, ownPort }: TrustedTargets): Origin[] => {
  const origins: Origin[] = [];
  const server = absolute(serverUrl);
  if (server) {
    const host = bareHost(server.hostname);
    const port = portOf(server);
    origins.push({
      protocols: [server.protocol],
      host: (candidate) => candidate === host,
      ports: [port],
      prefix: server.pathname.replace(/\/+$/, '').toLowerCase(),
      loopbackOnly: false,
    });
    // the subdomain URL form (`KEY.host`): built without the port of server.url
    origins.push({
      protocols: [server.protocol],
      host: (candidate) => candidate.endsWith(`.${host}`),
      ports: [...new Set([port, defaultPort(server.protocol)])],
      prefix: '',
      loopbackOnly: false,
    });
  }
  if (subdomainBase) {
    const base = bareHost(subdomainBase);
    origins.push({
      protocols: ['http:', 'https:'],
      host: (candidate) => candidate === base || candidate.endsWith(`.${base}`),
      ports: [80, 443],
      prefix: '',
      loopbackOnly: false,
    });
  }
  // this Strapi itself, as an app without server.url reaches itself
  origins.push({
    protocols: ['http:', 'https:'],
    host: (candidate) => candidate === 'localhost' || isLoopbackAddress(candidate),
    ports: [ownPort],
    prefix: '',
    loopbackOnly: true,
  });
  return origins;
};

/** Where the runner may post, as origins to show the admin. */
export const allowedOrigins = (trusted: TrustedTargets): string[] => {
  const list: string[] = [];
  const server = absolute(trusted.serverUrl);
  if (server) list.push(`${server.origin}${server.pathname.replace(/\/+$/, '')}`, `${server.protocol}//*.${server.host}`);
  if (trusted.subdomainBase)
    list.push(`https://${bareHost(trusted.subdomainBase)}`, `https://*.${bareHost(trusted.subdomainBase)}`);
  list.push(`http://127.0.0.1:${trusted.ownPort}`, `http://localhost:${trusted.ownPort}`);
  return list;
};

const isLeadPath = (leadPath: string, path: string): boolean => path === leadPath || path.startsWith(`${leadPath}/`);

/**
 * Whether the runner may post to `url`: an http(s) URL with nothing but a host, a port and a path,
 * on one of the deployment's origins, at the plugin's lead route. Its host's addresses are then
 * checked with `resolvedRefusal` (an IP address as host is checked here already).
 */
export const checkTargetUrl = (url: string, trusted: TrustedTargets): AcceptedTarget | RefusedTarget => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'URL', host: '', address: null };
  }
  const host = bareHost(parsed.hostname);
  const refuse = (reason: HomologationTargetReason, address: string | null = null): RefusedTarget => ({
    ok: false,
    reason,
    host,
    address,
  });
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return refuse('URL');
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return refuse('URL');

  const port = portOf(parsed);
  if (METADATA_HOSTS.has(host)) return refuse('METADATA');
  if (isIP(host)) {
    const reason = addressRefusal(host, port, trusted.ownPort);
    if (reason) return refuse(reason, host);
  }
  const onHost = originsOf(trusted).filter((origin) => origin.host(host));
  if (!onHost.length) return refuse('HOST');
  const reachable = onHost.filter((origin) => origin.protocols.includes(parsed.protocol) && origin.ports.includes(port));
  if (!reachable.length) return refuse(host === 'localhost' && port !== trusted.ownPort ? 'LOOPBACK_OTHER_PORT' : 'HOST');

  const path = parsed.pathname.toLowerCase();
  const leadPath = trusted.leadPath.toLowerCase();
  const routed = reachable.find(
    (origin) => path.startsWith(origin.prefix) && isLeadPath(leadPath, path.slice(origin.prefix.length))
  );
  if (!routed) return refuse('PATH');
  return { ok: true, host, port, loopbackOnly: routed.loopbackOnly };
};
