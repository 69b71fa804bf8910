import fc from 'fast-check';
import {
  decideClientAddress,
  normalizeAddress,
  proxyAdvice,
  proxyTrustOf,
  type ProxyTrust,
} from '../../server/src/delivery/client-address';

const direct: ProxyTrust = { trusted: false, ipHeader: 'X-Forwarded-For', hops: 1 };
const oneProxy: ProxyTrust = { trusted: true, ipHeader: 'X-Forwarded-For', hops: 1 };
const twoProxies: ProxyTrust = { ...oneProxy, hops: 2 };

/** What a proxy does: appends the address it received the request from. */
const append = (header: string | undefined, peer: string) => (header ? `${header}, ${peer}` : peer);

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
const ipv6 = fc.ipV6().filter((value) => normalizeAddress(value) !== null && !value.toLowerCase().includes('::ffff:'));
/** Whatever a client may put in the header itself: addresses, commas, garbage, nothing. */
const forged = fc.option(
  fc.oneof(
    fc.string(),
    fc
      .array(fc.oneof(ipv4, fc.constantFrom('unknown', '', ' ', '::1', '10.0.0.1:8080', '[::1]:80')), { maxLength: 6 })
      .map((list) => list.join(','))
  ),
  { nil: undefined }
);

describe('decideClientAddress', () => {
  it('is the socket address without a trusted proxy, whatever the header says', () => {
    expect(decideClientAddress({ socketAddress: '203.0.113.9', headerValue: '10.0.0.1' }, direct)).toBe('203.0.113.9');
  });

  it('is the entry the nearest proxy appended, not the leftmost (Koa’s ctx.ip)', () => {
    const header = append('10.0.0.1', '198.51.100.4');
    expect(decideClientAddress({ socketAddress: '172.16.0.2', headerValue: header }, oneProxy)).toBe('198.51.100.4');
  });

  it('counts hops from the right', () => {
    const header = '10.0.0.1, 198.51.100.4, 172.16.0.3';
    expect(decideClientAddress({ socketAddress: '172.16.0.2', headerValue: header }, twoProxies)).toBe('198.51.100.4');
  });

  it('falls back to the socket (the nearest proxy) when the header has fewer entries than hops', () => {
    expect(decideClientAddress({ socketAddress: '172.16.0.2', headerValue: '10.0.0.1' }, twoProxies)).toBe('172.16.0.2');
    expect(decideClientAddress({ socketAddress: '172.16.0.2', headerValue: undefined }, oneProxy)).toBe('172.16.0.2');
    expect(decideClientAddress({ socketAddress: '172.16.0.2', headerValue: '' }, oneProxy)).toBe('172.16.0.2');
  });

  it('falls back to the socket when the decided entry is not an address', () => {
    for (const garbled of ['unknown', '', 'not an ip', '1', '0x7f.0.0.1', '999.1.1.1', '1.2.3.4.5']) {
      expect(decideClientAddress({ socketAddress: '::ffff:172.16.0.2', headerValue: `198.51.100.4, ${garbled}` }, oneProxy)).toBe(
        '172.16.0.2'
      );
    }
  });

  it('drops a port a proxy appended, and normalises IPv4-mapped IPv6 and IPv6 spelling', () => {
    const decide = (headerValue: string) => decideClientAddress({ socketAddress: '172.16.0.2', headerValue }, oneProxy);
    expect(decide('198.51.100.4:51234')).toBe('198.51.100.4');
    expect(decide('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(decide('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(decide('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(decideClientAddress({ socketAddress: '::ffff:127.0.0.1', headerValue: undefined }, direct)).toBe('127.0.0.1');
  });

  it('property: whatever a client prepends, the address is the one the proxy appended', () => {
    fc.assert(
      fc.property(forged, fc.oneof(ipv4, ipv6), ipv4, (clientHeader, clientAddress, proxyAddress) => {
        const decided = decideClientAddress(
          { socketAddress: proxyAddress, headerValue: append(clientHeader, clientAddress) },
          oneProxy
        );
        expect(decided).toBe(normalizeAddress(clientAddress));
      }),
      { numRuns: 500 }
    );
  });

  it('property: behind two proxies, the address the outer proxy saw', () => {
    fc.assert(
      fc.property(forged, ipv4, ipv4, ipv4, (clientHeader, clientAddress, outerProxy, innerProxy) => {
        const header = append(append(clientHeader, clientAddress), outerProxy);
        expect(decideClientAddress({ socketAddress: innerProxy, headerValue: header }, twoProxies)).toBe(clientAddress);
      }),
      { numRuns: 500 }
    );
  });

  it('property: without a trusted proxy, the header never matters', () => {
    fc.assert(
      fc.property(forged, ipv4, (header, socket) => {
        expect(decideClientAddress({ socketAddress: socket, headerValue: header }, direct)).toBe(socket);
      })
    );
  });
});

describe('proxyTrustOf (config/server.js → proxy, plugin proxyHops)', () => {
  it.each([
    [undefined, null, { trusted: false, hops: 1 }],
    [false, null, { trusted: false, hops: 1 }],
    [{ koa: false, maxIpsCount: 3 }, null, { trusted: false, hops: 3 }],
    [true, null, { trusted: true, hops: 1 }],
    [{ koa: true }, null, { trusted: true, hops: 1 }],
    [{ koa: true, maxIpsCount: 0 }, null, { trusted: true, hops: 1 }],
    [{ koa: true, maxIpsCount: 2 }, null, { trusted: true, hops: 2 }],
    [{ koa: true, maxIpsCount: 2 }, 3, { trusted: true, hops: 3 }],
    [{ koa: true, global: 'http://proxy:3128' }, 1, { trusted: true, hops: 1 }],
  ])('%j with proxyHops %j', (proxy, proxyHops, expected) => {
    expect(proxyTrustOf(proxy as never, proxyHops)).toMatchObject(expected);
  });

  it('reads Strapi’s ipHeader, X-Forwarded-For by default', () => {
    expect(proxyTrustOf({ koa: true }, null).ipHeader).toBe('X-Forwarded-For');
    expect(proxyTrustOf({ koa: true, ipHeader: 'X-Real-IP' }, null).ipHeader).toBe('X-Real-IP');
  });
});

describe('proxyAdvice (the boot warning)', () => {
  it('warns when proxy.koa is on and neither maxIpsCount nor proxyHops says how many proxies', () => {
    const advice = proxyAdvice({ koa: true }, null);
    expect(advice).toMatch(/LEFTMOST/);
    expect(advice).toMatch(/1 hop/);
    expect(advice).toMatch(/maxIpsCount/);
    expect(advice).toMatch(/proxyHops/);
  });

  it('says nothing when the hop count is set, or no proxy is trusted', () => {
    expect(proxyAdvice({ koa: true, maxIpsCount: 1 }, null)).toBeNull();
    expect(proxyAdvice({ koa: true }, 2)).toBeNull();
    expect(proxyAdvice(false, null)).toBeNull();
    expect(proxyAdvice(undefined, null)).toBeNull();
  });

  it('warns that Strapi 5 ignores `proxy: true`', () => {
    expect(proxyAdvice(true, null)).toMatch(/proxy\.koa/);
  });
});
