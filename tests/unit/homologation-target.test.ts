import fc from 'fast-check';
import {
  addressRefusal,
  allowedOrigins,
  checkTargetUrl,
  isLoopbackAddress,
  resolvedRefusal,
  type TrustedTargets,
} from '../../server/src/utils/homologation-target';

const OWN_PORT = 1337;
const LEAD_PATH = '/api/grupozap/lead';
const trusted = (overrides: Partial<TrustedTargets> = {}): TrustedTargets => ({
  serverUrl: null,
  subdomainBase: null,
  ownPort: OWN_PORT,
  leadPath: LEAD_PATH,
  ...overrides,
});

const verdict = (url: string, trust = trusted()) => {
  const checked = checkTargetUrl(url, trust);
  return checked.ok ? 'ok' : checked.reason;
};

describe('checkTargetUrl: the hosts the deployment configured, not the admin', () => {
  it('takes this Strapi on a loopback address at its own port, at the lead route only', () => {
    expect(checkTargetUrl(`http://127.0.0.1:${OWN_PORT}/api/grupozap/lead/jardim`, trusted())).toEqual({
      ok: true,
      host: '127.0.0.1',
      port: OWN_PORT,
      loopbackOnly: true,
    });
    expect(verdict(`http://localhost:${OWN_PORT}/api/grupozap/lead`)).toBe('ok');
    expect(verdict(`http://[::1]:${OWN_PORT}/API/GrupoZap/Lead/jardim`)).toBe('ok');
    expect(verdict(`http://127.0.0.1:${OWN_PORT}/admin/users`)).toBe('PATH');
    expect(verdict(`http://127.0.0.1:${OWN_PORT}/api/grupozap/leads`)).toBe('PATH');
    expect(verdict(`http://127.0.0.1:${OWN_PORT}/`)).toBe('PATH');
  });

  it('refuses this machine at any other port: another service of it', () => {
    expect(verdict('http://127.0.0.1:6379/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
    expect(verdict('http://127.0.0.1/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
    expect(verdict('http://localhost:8080/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
    expect(verdict('http://[::1]:5432/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
    expect(verdict('http://[::ffff:127.0.0.1]:22/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
  });

  it('refuses any other host without server.url or subdomainBase', () => {
    expect(verdict('https://crm.example.com/api/grupozap/lead/jardim')).toBe('HOST');
    expect(verdict('http://10.0.0.5:1337/api/grupozap/lead/jardim')).toBe('HOST');
    expect(verdict('http://localhost.evil.example:1337/api/grupozap/lead')).toBe('HOST');
  });

  it('takes the origin of server.url, with its path, and the subdomains of its host', () => {
    const trust = trusted({ serverUrl: 'https://crm.example.com/cms/' });
    expect(verdict('https://crm.example.com/cms/api/grupozap/lead/jardim', trust)).toBe('ok');
    expect(verdict('https://CRM.Example.com./cms/api/grupozap/lead', trust)).toBe('ok');
    expect(verdict('https://jardim.crm.example.com/api/grupozap/lead', trust)).toBe('ok');
    // the same host under another scheme, port or path
    expect(verdict('http://crm.example.com/cms/api/grupozap/lead/jardim', trust)).toBe('HOST');
    expect(verdict('https://crm.example.com:8443/cms/api/grupozap/lead/jardim', trust)).toBe('HOST');
    expect(verdict('https://crm.example.com/api/grupozap/lead/jardim', trust)).toBe('PATH');
    expect(verdict('https://crm.example.com/cms/admin/api/grupozap/lead', trust)).toBe('PATH');
    // names that only look like it
    expect(verdict('https://crm.example.com.evil.example/cms/api/grupozap/lead', trust)).toBe('HOST');
    expect(verdict('https://evilcrm.example.com/cms/api/grupozap/lead', trust)).toBe('HOST');
    expect(verdict('https://example.com/cms/api/grupozap/lead', trust)).toBe('HOST');
  });

  it('takes the plugin config’s subdomainBase and its subdomains, at the default ports', () => {
    const trust = trusted({ subdomainBase: 'leads.example.com' });
    expect(verdict('https://jardim.leads.example.com/api/grupozap/lead', trust)).toBe('ok');
    expect(verdict('http://leads.example.com/api/grupozap/lead/jardim', trust)).toBe('ok');
    expect(verdict('https://jardim.leads.example.com:8443/api/grupozap/lead', trust)).toBe('HOST');
    expect(verdict('https://jardim.leads.example.org/api/grupozap/lead', trust)).toBe('HOST');
  });

  it('refuses URLs that carry more than a host, a port and a path', () => {
    expect(verdict(`http://user:pass@127.0.0.1:${OWN_PORT}/api/grupozap/lead`)).toBe('URL');
    expect(verdict(`http://127.0.0.1:${OWN_PORT}/api/grupozap/lead?x=1`)).toBe('URL');
    expect(verdict(`http://127.0.0.1:${OWN_PORT}/api/grupozap/lead#x`)).toBe('URL');
    expect(verdict('ftp://127.0.0.1/api/grupozap/lead')).toBe('URL');
    expect(verdict('file:///etc/passwd')).toBe('URL');
    expect(verdict('not a url')).toBe('URL');
  });

  it('refuses dangerous addresses and names even when server.url names them', () => {
    const at = (url: string) => verdict(url, trusted({ serverUrl: url.replace(/\/api\/.*$/, '') }));
    expect(at('http://169.254.169.254/api/grupozap/lead')).toBe('METADATA');
    expect(at('http://metadata.google.internal/api/grupozap/lead')).toBe('METADATA');
    expect(at('http://[fd00:ec2::254]/api/grupozap/lead')).toBe('METADATA');
    expect(at('http://100.100.100.200/api/grupozap/lead')).toBe('METADATA');
    expect(at('http://169.254.1.1/api/grupozap/lead')).toBe('LINK_LOCAL');
    expect(at('http://[fe80::1]/api/grupozap/lead')).toBe('LINK_LOCAL');
    expect(at('http://0.0.0.0:1337/api/grupozap/lead')).toBe('UNSPECIFIED');
    expect(at('http://[::]:1337/api/grupozap/lead')).toBe('UNSPECIFIED');
    expect(at('http://224.0.0.1/api/grupozap/lead')).toBe('MULTICAST');
    expect(at('http://[ff02::1]/api/grupozap/lead')).toBe('MULTICAST');
    expect(at('http://255.255.255.255/api/grupozap/lead')).toBe('BROADCAST');
    expect(at('http://127.0.0.1:6379/api/grupozap/lead')).toBe('LOOPBACK_OTHER_PORT');
    // and a deployment's own public host is taken
    expect(at('https://crm.example.com/api/grupozap/lead')).toBe('ok');
  });

  it('lists the origins it takes, for the message', () => {
    expect(allowedOrigins(trusted({ serverUrl: 'https://crm.example.com/cms/', subdomainBase: 'leads.example.com' }))).toEqual([
      'https://crm.example.com/cms',
      'https://*.crm.example.com',
      'https://leads.example.com',
      'https://*.leads.example.com',
      `http://127.0.0.1:${OWN_PORT}`,
      `http://localhost:${OWN_PORT}`,
    ]);
  });
});

describe('addressRefusal and resolvedRefusal', () => {
  it('judges an IPv6 address by the IPv4 address it carries', () => {
    expect(addressRefusal('::ffff:169.254.169.254', 80, OWN_PORT)).toBe('METADATA');
    expect(addressRefusal('::ffff:a9fe:102', 80, OWN_PORT)).toBe('LINK_LOCAL');
    expect(addressRefusal('64:ff9b::169.254.169.254', 80, OWN_PORT)).toBe('METADATA');
    expect(addressRefusal('2002:a9fe:a9fe::1', 80, OWN_PORT)).toBe('METADATA');
    expect(addressRefusal('::169.254.169.254', 80, OWN_PORT)).toBe('METADATA');
    expect(addressRefusal('::ffff:0:7f00:1', 80, OWN_PORT)).toBe('LOOPBACK_OTHER_PORT');
    expect(addressRefusal('::ffff:7f00:1', OWN_PORT, OWN_PORT)).toBeNull();
    expect(addressRefusal('fe80::1%eth0', 80, OWN_PORT)).toBe('LINK_LOCAL');
    expect(addressRefusal('2001:db8::1', 443, OWN_PORT)).toBeNull();
    expect(addressRefusal('10.0.0.5', 443, OWN_PORT)).toBeNull();
  });

  it('takes only canonical addresses, as dns.lookup gives them', () => {
    expect(addressRefusal('crm.example.com', 80, OWN_PORT)).toBe('NOT_AN_ADDRESS');
    expect(addressRefusal('2852039166', 80, OWN_PORT)).toBe('NOT_AN_ADDRESS');
    expect(addressRefusal('', 80, OWN_PORT)).toBe('NOT_AN_ADDRESS');
  });

  it('refuses a name when any one of its addresses is refused', () => {
    const target = { port: 443, loopbackOnly: false };
    expect(resolvedRefusal(['203.0.113.10', '2001:db8::10'], target, OWN_PORT)).toBeNull();
    expect(resolvedRefusal(['203.0.113.10', '169.254.169.254'], target, OWN_PORT)).toEqual({
      reason: 'METADATA',
      address: '169.254.169.254',
    });
    expect(resolvedRefusal([], target, OWN_PORT)).toEqual({ reason: 'NOT_AN_ADDRESS', address: null });
  });

  it('follows `localhost` only to loopback addresses', () => {
    const target = { port: OWN_PORT, loopbackOnly: true };
    expect(resolvedRefusal(['127.0.0.1', '::1'], target, OWN_PORT)).toBeNull();
    expect(resolvedRefusal(['127.0.0.1', '203.0.113.10'], target, OWN_PORT)).toEqual({ reason: 'HOST', address: '203.0.113.10' });
  });
});

/* ---------- properties over address encodings ---------- */

const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '168.63.129.16', '192.0.0.192', '100.100.100.200']);
const octetsOf = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const dotted = (n: number) => octetsOf(n).join('.');

/** What the policy must say of an IPv4 address, written from the RFCs with plain arithmetic. */
const reference = (n: number, port: number): string | null => {
  const [a, b] = octetsOf(n);
  if (METADATA_V4.has(dotted(n))) return 'METADATA';
  if (a === 0) return 'UNSPECIFIED';
  if (n === 0xffffffff) return 'BROADCAST';
  if (a >= 224 && a <= 239) return 'MULTICAST';
  if (a === 169 && b === 254) return 'LINK_LOCAL';
  if (a === 127) return port === OWN_PORT ? null : 'LOOPBACK_OTHER_PORT';
  return null;
};

/** Addresses of every kind, the interesting ranges often. */
const anyIPv4 = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.integer({ min: 0, max: 0xffff }).map((low) => (0xa9fe0000 | low) >>> 0),
  fc.integer({ min: 0, max: 0xffffff }).map((low) => (0x7f000000 | low) >>> 0),
  fc.integer({ min: 0, max: 0xffffff }),
  fc.integer({ min: 0xe0000000, max: 0xefffffff }),
  fc.constantFrom(...[...METADATA_V4].map((text) => text.split('.').reduce((n, octet) => n * 256 + Number(octet), 0))),
  fc.constant(0xffffffff)
);

const hex = (value: number) => value.toString(16);
const octetSpelling = fc.constantFrom<(octet: number) => string>(
  (octet) => String(octet),
  (octet) => `0x${hex(octet)}`,
  (octet) => `0X${hex(octet).toUpperCase()}`,
  (octet) => `0${octet.toString(8)}`
);

/** Spellings of one IPv4 address that WHATWG URL parsers (and browsers) read as that address. */
const ipv4Spelling = (n: number) => {
  const [a, b, c, d] = octetsOf(n);
  return fc.oneof(
    fc.constant(dotted(n)),
    fc.constant(`${dotted(n)}.`),
    fc.constant(String(n)),
    fc.constant(`0x${hex(n)}`),
    fc.constant(`0${n.toString(8)}`),
    fc.constant(`${a}.${b}.${(c << 8) | d}`),
    fc.constant(`${a}.${(b << 16) | (c << 8) | d}`),
    fc
      .tuple(octetSpelling, octetSpelling, octetSpelling, octetSpelling)
      .map((spell) => [a, b, c, d].map((octet, i) => spell[i](octet)).join('.')),
    // IPv4-mapped IPv6, dotted or in hex, compressed or not, in any letter case
    fc.constant(`[::ffff:${dotted(n)}]`),
    fc.constant(`[0:0:0:0:0:ffff:${dotted(n)}]`),
    fc.constant(`[::FFFF:${hex(n >>> 16).toUpperCase()}:${hex(n & 0xffff).toUpperCase()}]`),
    fc.constant(`[0000:0000:0000:0000:0000:ffff:${hex(n >>> 16).padStart(4, '0')}:${hex(n & 0xffff).padStart(4, '0')}]`)
  );
};

const encodedIPv4 = anyIPv4.chain((n) => ipv4Spelling(n).map((spelling) => ({ n, spelling })));
const anyPort = fc.oneof(fc.constant(OWN_PORT), fc.constant(80), fc.integer({ min: 1, max: 65535 }));

describe('properties: every spelling of an address gets the verdict of the address', () => {
  it('the URL parser reads every spelling as the address itself, or its IPv4-mapped form', () => {
    fc.assert(
      fc.property(encodedIPv4, ({ n, spelling }) => {
        const host = new URL(`http://${spelling}/`).hostname;
        const mapped = `[::ffff:${hex(n >>> 16)}:${hex(n & 0xffff)}]`;
        expect([dotted(n), mapped]).toContain(host);
      }),
      { numRuns: 2000 }
    );
  });

  it('checkTargetUrl: refused as the reference says, else this Strapi or another host', () => {
    fc.assert(
      fc.property(encodedIPv4, anyPort, ({ n, spelling }, port) => {
        const url = `http://${spelling}:${port}/api/grupozap/lead/jardim`;
        const expected = reference(n, port) ?? (n >>> 24 === 127 ? 'ok' : 'HOST');
        expect(verdict(url)).toBe(expected);
      }),
      { numRuns: 3000 }
    );
  });

  it('a server.url naming the address does not unlock a refused one', () => {
    fc.assert(
      fc.property(encodedIPv4, anyPort, ({ n, spelling }, port) => {
        const origin = `http://${spelling}:${port}`;
        expect(verdict(`${origin}/api/grupozap/lead`, trusted({ serverUrl: origin }))).toBe(reference(n, port) ?? 'ok');
      }),
      { numRuns: 2000 }
    );
  });

  it('addressRefusal on what dns.lookup gives (canonical IPv4, IPv4-mapped IPv6) agrees with the reference', () => {
    fc.assert(
      fc.property(anyIPv4, anyPort, (n, port) => {
        expect(addressRefusal(dotted(n), port, OWN_PORT)).toBe(reference(n, port));
        expect(addressRefusal(`::ffff:${dotted(n)}`, port, OWN_PORT)).toBe(reference(n, port));
        expect(addressRefusal(`::ffff:${hex(n >>> 16)}:${hex(n & 0xffff)}`, port, OWN_PORT)).toBe(reference(n, port));
        expect(isLoopbackAddress(dotted(n))).toBe(n >>> 24 === 127);
      }),
      { numRuns: 3000 }
    );
  });

  const group = fc.integer({ min: 0, max: 0xffff });
  /** An IPv6 address given as 8 groups, written in full or compressed, in any letter case. */
  const spellIPv6 = (groups: number[]) =>
    fc.constantFrom(
      groups.map(hex).join(':'),
      groups.map((value) => hex(value).padStart(4, '0').toUpperCase()).join(':'),
      new URL(`http://[${groups.map(hex).join(':')}]/`).hostname.slice(1, -1)
    );

  it('every address of fe80::/10 is link-local, of ff00::/8 multicast, in every spelling', () => {
    const linkLocal = fc
      .tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), fc.array(group, { minLength: 7, maxLength: 7 }))
      .map(([first, rest]) => [first, ...rest]);
    const multicast = fc
      .tuple(fc.integer({ min: 0xff00, max: 0xffff }), fc.array(group, { minLength: 7, maxLength: 7 }))
      .map(([first, rest]) => [first, ...rest]);
    fc.assert(
      fc.property(linkLocal.chain(spellIPv6), anyPort, (address, port) => {
        expect(addressRefusal(address, port, OWN_PORT)).toBe('LINK_LOCAL');
        expect(verdict(`http://[${address}]:${port}/api/grupozap/lead`)).toBe('LINK_LOCAL');
      })
    );
    fc.assert(
      fc.property(multicast.chain(spellIPv6), anyPort, (address, port) => {
        expect(addressRefusal(address, port, OWN_PORT)).toBe('MULTICAST');
      })
    );
  });

  it('a name is refused as soon as one of its addresses is, wherever it comes in the answer', () => {
    const allowed = fc.constantFrom<string>('203.0.113.10', '198.51.100.7', '2001:db8::10', '10.1.2.3');
    const refused = anyIPv4.filter((n) => reference(n, 443) !== null);
    fc.assert(
      fc.property(fc.array(allowed, { maxLength: 4 }), refused, fc.nat(), (good, bad, at) => {
        const answer = [...good];
        answer.splice(at % (good.length + 1), 0, dotted(bad));
        expect(resolvedRefusal(answer, { port: 443, loopbackOnly: false }, OWN_PORT)).toEqual({
          reason: reference(bad, 443),
          address: dotted(bad),
        });
        expect(resolvedRefusal(good.length ? good : ['203.0.113.10'], { port: 443, loopbackOnly: false }, OWN_PORT)).toBeNull();
      })
    );
  });

  it('a host that is neither configured nor this machine is refused, whatever it looks like', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const name = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => [...labels, 'example'].join('.'));
    const trust = trusted({ serverUrl: 'https://crm.example.com', subdomainBase: 'leads.example.com' });
    fc.assert(
      fc.property(name, anyPort, (host, port) => {
        fc.pre(host !== 'crm.example' && host !== 'leads.example');
        expect(verdict(`https://${host}:${port}/api/grupozap/lead`, trust)).toBe('HOST');
        // a configured host's name inside it does not make it that host
        expect(verdict(`https://crm.example.com.${host}/api/grupozap/lead`, trust)).toBe('HOST');
      })
    );
  });
});
