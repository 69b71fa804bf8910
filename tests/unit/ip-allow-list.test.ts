import { isAllowedIp } from '../../server/src/utils/ip-allow-list';

describe('isAllowedIp with an empty list', () => {
  it.each(['10.1.2.3', '::1', '2001:db8::1', '::ffff:10.1.2.3', 'not an ip', ''])('allows %j', (ip) => {
    expect(isAllowedIp(ip, [])).toBe(true);
  });
});

describe('isAllowedIp with single addresses', () => {
  it('allows exactly the listed IPv4 address', () => {
    expect(isAllowedIp('203.0.113.7', ['203.0.113.7'])).toBe(true);
    expect(isAllowedIp('203.0.113.8', ['203.0.113.7'])).toBe(false);
    expect(isAllowedIp('203.0.113.70', ['203.0.113.7'])).toBe(false);
  });

  it('allows exactly the listed IPv6 address, whatever its spelling', () => {
    expect(isAllowedIp('2001:db8::1', ['2001:db8::1'])).toBe(true);
    expect(isAllowedIp('2001:DB8:0:0:0:0:0:1', ['2001:db8::1'])).toBe(true);
    expect(isAllowedIp('2001:db8::2', ['2001:db8::1'])).toBe(false);
    expect(isAllowedIp('::1', ['::1'])).toBe(true);
  });

  it('matches any entry of the list', () => {
    const list = ['198.51.100.1', '2001:db8::1', '203.0.113.7'];
    expect(isAllowedIp('203.0.113.7', list)).toBe(true);
    expect(isAllowedIp('198.51.100.1', list)).toBe(true);
    expect(isAllowedIp('2001:db8::1', list)).toBe(true);
    expect(isAllowedIp('198.51.100.2', list)).toBe(false);
  });

  it('does not take IPv4 loopback for IPv6 loopback', () => {
    expect(isAllowedIp('127.0.0.1', ['::1'])).toBe(false);
    expect(isAllowedIp('::1', ['127.0.0.1'])).toBe(false);
  });
});

describe('isAllowedIp with IPv4 CIDR ranges', () => {
  it.each([
    ['10.0.0.0', '10.0.0.0/8', true],
    ['10.1.2.3', '10.0.0.0/8', true],
    ['10.255.255.255', '10.0.0.0/8', true],
    ['11.0.0.0', '10.0.0.0/8', false],
    ['9.255.255.255', '10.0.0.0/8', false],
    ['192.168.1.1', '192.168.1.0/24', true],
    ['192.168.1.255', '192.168.1.0/24', true],
    ['192.168.2.1', '192.168.1.0/24', false],
    ['172.31.255.255', '172.16.0.0/12', true],
    ['172.32.0.0', '172.16.0.0/12', false],
    ['203.0.113.7', '203.0.113.7/32', true],
    ['203.0.113.8', '203.0.113.7/32', false],
    ['8.8.8.8', '0.0.0.0/0', true],
  ])('%s in %s → %s', (ip, range, expected) => {
    expect(isAllowedIp(ip, [range])).toBe(expected);
  });

  it('looks through every range', () => {
    const list = ['192.168.1.0/24', '10.0.0.0/8'];
    expect(isAllowedIp('10.0.0.1', list)).toBe(true);
    expect(isAllowedIp('192.168.1.1', list)).toBe(true);
    expect(isAllowedIp('172.16.0.1', list)).toBe(false);
  });
});

describe('isAllowedIp with IPv6 CIDR ranges', () => {
  it.each([
    ['2001:db8::1', '2001:db8::/32', true],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db8::/32', true],
    ['2001:db9::1', '2001:db8::/32', false],
    ['2001:db8:1:2::5', '2001:db8:1:2::/64', true],
    ['2001:db8:1:3::5', '2001:db8:1:2::/64', false],
    ['fe80::1', 'fe80::/10', true],
    ['2001:db8::1', '::/0', true],
  ])('%s in %s → %s', (ip, range, expected) => {
    expect(isAllowedIp(ip, [range])).toBe(expected);
  });

  it('never lets an IPv4 client into an IPv6 range, nor the reverse', () => {
    expect(isAllowedIp('10.1.2.3', ['2001:db8::/32'])).toBe(false);
    expect(isAllowedIp('2001:db8::1', ['10.0.0.0/8'])).toBe(false);
    expect(isAllowedIp('2001:db8::1', ['0.0.0.0/0'])).toBe(false);
  });
});

describe('isAllowedIp with IPv4-mapped IPv6 addresses (dual-stack servers)', () => {
  it('matches ::ffff:a.b.c.d clients against IPv4 ranges and addresses', () => {
    expect(isAllowedIp('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true);
    expect(isAllowedIp('::ffff:10.1.2.3', ['10.1.2.3'])).toBe(true);
    expect(isAllowedIp('::ffff:10.1.2.3', ['10.1.2.4'])).toBe(false);
    expect(isAllowedIp('::ffff:11.1.2.3', ['10.0.0.0/8'])).toBe(false);
    expect(isAllowedIp('::FFFF:192.168.1.20', ['192.168.1.0/24'])).toBe(true);
  });

  it('reads the hexadecimal spelling of a mapped address too', () => {
    // ::ffff:a01:203 is ::ffff:10.1.2.3
    expect(isAllowedIp('::ffff:a01:203', ['10.0.0.0/8'])).toBe(true);
    expect(isAllowedIp('::ffff:a01:203', ['11.0.0.0/8'])).toBe(false);
  });

  it('matches IPv4 clients against ranges written as mapped IPv6', () => {
    expect(isAllowedIp('10.1.2.3', ['::ffff:10.1.2.3'])).toBe(true);
    expect(isAllowedIp('10.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(true); // 96 + 8
    expect(isAllowedIp('11.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(false);
    expect(isAllowedIp('::ffff:10.1.2.3', ['::ffff:10.0.0.0/104'])).toBe(true);
    expect(isAllowedIp('10.1.2.3', ['::ffff:0:0/96'])).toBe(true); // every IPv4 address
  });
});

describe('isAllowedIp with an invalid client address', () => {
  it.each(['', 'not an ip', '10.1.2.300', '10.1.2.3.4', '2001:db8::g', 'localhost', '10.0.0.0/8'])(
    '%j is refused when a list is set',
    (ip) => {
      expect(isAllowedIp(ip, ['10.0.0.0/8', '2001:db8::/32'])).toBe(false);
    }
  );

  it('refuses an undefined request.ip without throwing', () => {
    expect(isAllowedIp(undefined as unknown as string, ['10.0.0.0/8'])).toBe(false);
  });
});
