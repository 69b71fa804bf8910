import ipaddr from 'ipaddr.js';

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

/** An IPv4/IPv6 address or CIDR range, as the allow-list takes them. */
export const isIpOrCidr = (value: string | undefined): boolean => {
  if (!value) return false;
  return value.includes('/') ? ipaddr.isValidCIDR(value) : ipaddr.isValid(value);
};

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
