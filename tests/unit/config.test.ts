import config, { defaultConfig } from '../../server/src/config';

/** Strapi calls the validator with the defaults merged under the user's config. */
const validate = (user: Record<string, unknown>) => () => config.validator({ ...defaultConfig, ...user });

/** The message the validator throws, or a failure if it does not throw an Error. */
const messageOf = (user: Record<string, unknown>): string => {
  try {
    config.validator({ ...defaultConfig, ...user });
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(user)} to be refused`);
};

describe('defaultConfig', () => {
  it('has these exact values', () => {
    expect(defaultConfig).toEqual({
      secretKey: null,
      username: 'vivareal',
      subdomainBase: null,
      zonelessTimezone: 'America/Sao_Paulo',
      maxBodyBytes: 262144,
      allowedIps: [],
      authFailureLimit: 10,
      authFailureWindowSeconds: 900,
      authFailureDelayMs: 1000,
      peopleAcrossAdvertisers: false,
      proxyHops: null,
      crmName: null,
      slaMinutes: null,
      notifications: { enabled: true, from: null, errorsEmail: null, managersEmail: null, retries: 3, retryDelaySeconds: 30 },
      deliveryAlerts: {
        enabled: true,
        threshold: 5,
        thresholds: { ADVERTISER_NOT_FOUND: 1, ADVERTISER_INACTIVE: 1, LEAD_ADVERTISER_CONFLICT: 1 },
        windowMinutes: 60,
        checkIntervalSeconds: 30,
      },
      retentionDays: null,
      listingSource: null,
    });
  });

  it('is the default export’s default', () => {
    expect(config.default).toBe(defaultConfig);
  });

  it('passes the validator as it is', () => {
    expect(() => config.validator(defaultConfig)).not.toThrow();
    expect(() => config.validator({ ...defaultConfig })).not.toThrow();
  });
});

describe('config validator: accepted values', () => {
  it.each([
    [{ secretKey: 'a-long-enough-secret' }],
    [{ secretKey: '12345678' }],
    [{ subdomainBase: 'crm.example.com' }],
    [{ subdomainBase: 'leads.crm-imoveis.com.br' }],
    [{ subdomainBase: '' }],
    [{ zonelessTimezone: 'UTC' }],
    [{ zonelessTimezone: 'America/Manaus' }],
    [{ maxBodyBytes: 1024 }],
    [{ maxBodyBytes: 10 * 1024 * 1024 }],
    [{ allowedIps: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7', '::1', '::ffff:10.0.0.0/104'] }],
    [{ authFailureLimit: 1, authFailureWindowSeconds: 1 }],
    [{ proxyHops: 1 }],
    [{ proxyHops: 10 }],
    [{ proxyHops: null }],
    [{ peopleAcrossAdvertisers: true }],
    [{ crmName: 'Imobi CRM' }],
    [{ crmName: null }],
    [{ slaMinutes: 15 }],
    [{ slaMinutes: 30 * 24 * 60 }],
    [{ slaMinutes: null }],
    [{ notifications: { ...defaultConfig.notifications, from: 'CRM <crm@example.com>', errorsEmail: 'ops@example.com' } }],
    [
      {
        notifications: {
          ...defaultConfig.notifications,
          from: '"Imobiliária Jardim" <crm@example.com.br>',
          errorsEmail: 'a@example.com, Ops <b@example.com>',
        },
      },
    ],
    [{ notifications: { ...defaultConfig.notifications, enabled: false, retries: 0, retryDelaySeconds: 0 } }],
    [{ notifications: { ...defaultConfig.notifications, managersEmail: 'gerente@example.com' } }],
    [
      {
        notifications: {
          ...defaultConfig.notifications,
          managersEmail: 'gerente@example.com, Diretoria <diretoria@example.com.br>',
        },
      },
    ],
    [{ notifications: { ...defaultConfig.notifications, managersEmail: null } }],
    [{ deliveryAlerts: { ...defaultConfig.deliveryAlerts, thresholds: { INVALID_CREDENTIALS: 3, STORAGE_UNAVAILABLE: 1 } } }],
    [
      {
        deliveryAlerts: {
          ...defaultConfig.deliveryAlerts,
          enabled: false,
          threshold: 1,
          windowMinutes: 5,
          checkIntervalSeconds: 0,
        },
      },
    ],
  ])('%j', (user) => {
    expect(validate(user)).not.toThrow();
  });
});

describe('config validator: refused values, each named in the message', () => {
  it('zonelessTimezone that is not an IANA zone', () => {
    expect(messageOf({ zonelessTimezone: 'Mars/Olympus' })).toBe(
      'zonelessTimezone must be an IANA time zone such as America/Sao_Paulo'
    );
    expect(messageOf({ zonelessTimezone: 'BRT' })).toMatch(/zonelessTimezone/);
    expect(messageOf({ zonelessTimezone: '-03:00' })).toMatch(/zonelessTimezone/);
    expect(messageOf({ zonelessTimezone: '' })).toMatch(/zonelessTimezone/);
  });

  it('maxBodyBytes too small, too large or not an integer', () => {
    expect(messageOf({ maxBodyBytes: 100 })).toBe('maxBodyBytes must be greater than or equal to 1024');
    expect(messageOf({ maxBodyBytes: 1023 })).toBe('maxBodyBytes must be greater than or equal to 1024');
    expect(messageOf({ maxBodyBytes: 0 })).toBe('maxBodyBytes must be greater than or equal to 1024');
    expect(messageOf({ maxBodyBytes: 10 * 1024 * 1024 + 1 })).toBe('maxBodyBytes must be less than or equal to 10485760');
    expect(messageOf({ maxBodyBytes: 2048.5 })).toBe('maxBodyBytes must be an integer');
    expect(messageOf({ maxBodyBytes: '2048' })).toMatch(/^maxBodyBytes must be a `number` type/);
  });

  it('peopleAcrossAdvertisers that is not a boolean', () => {
    expect(messageOf({ peopleAcrossAdvertisers: 'yes' })).toMatch(/^peopleAcrossAdvertisers must be a `boolean` type/);
    expect(messageOf({ peopleAcrossAdvertisers: null })).toMatch(/peopleAcrossAdvertisers/);
  });

  it('an unknown key', () => {
    expect(messageOf({ secret: 'typo-of-secretKey' })).toBe('unknown key: secret');
    expect(messageOf({ allowedIPs: ['10.0.0.0/8'] })).toBe('unknown key: allowedIPs');
  });

  it('subdomainBase with a scheme, a port or a path', () => {
    const expected = 'subdomainBase must be a host name such as crm.example.com (no scheme, no port)';
    expect(messageOf({ subdomainBase: 'https://crm.example.com' })).toBe(expected);
    expect(messageOf({ subdomainBase: 'http://crm.example.com' })).toBe(expected);
    expect(messageOf({ subdomainBase: 'crm.example.com:8080' })).toBe(expected);
    expect(messageOf({ subdomainBase: 'crm.example.com/grupozap' })).toBe(expected);
    expect(messageOf({ subdomainBase: '.crm.example.com' })).toBe(expected);
  });

  it('secretKey shorter than 8 characters', () => {
    expect(messageOf({ secretKey: 'short' })).toBe('secretKey must have at least 8 characters');
  });

  it('an empty username', () => {
    expect(messageOf({ username: '' })).toMatch(/^username /);
  });

  it('authFailureLimit and authFailureWindowSeconds below 1', () => {
    expect(messageOf({ authFailureLimit: 0 })).toBe('authFailureLimit must be greater than or equal to 1');
    expect(messageOf({ authFailureWindowSeconds: 0 })).toBe('authFailureWindowSeconds must be greater than or equal to 1');
  });

  it('proxyHops that is not a number of proxies from 1 to 10', () => {
    const message = 'proxyHops must be the number of proxies in front of Strapi (1 to 10) or null';
    for (const hops of [0, 11, 1.5, '2', -1]) expect(messageOf({ proxyHops: hops })).toBe(message);
  });

  it('crmName empty, padded or longer than 100 characters', () => {
    expect(messageOf({ crmName: '' })).toMatch(/^crmName must be at least 1 characters/);
    expect(messageOf({ crmName: ' Imobi ' })).toMatch(/^crmName must be a trimmed string/);
    expect(messageOf({ crmName: 'x'.repeat(101) })).toMatch(/^crmName must be at most 100 characters/);
  });

  it('slaMinutes that is not a whole number of minutes from 1 to 30 days', () => {
    expect(messageOf({ slaMinutes: 0 })).toBe('slaMinutes must be greater than or equal to 1');
    expect(messageOf({ slaMinutes: 30 * 24 * 60 + 1 })).toBe('slaMinutes must be less than or equal to 43200');
    expect(messageOf({ slaMinutes: 2.5 })).toBe('slaMinutes must be an integer');
    expect(messageOf({ slaMinutes: '15' })).toMatch(/^slaMinutes must be a `number` type/);
  });

  it('allowedIps that is not an array', () => {
    expect(messageOf({ allowedIps: '10.0.0.0/8' })).toMatch(/^allowedIps must be a `array` type/);
  });

  it('a bad CIDR in allowedIps: the entry is named', () => {
    expect(messageOf({ allowedIps: ['10.0.0.0/33'] })).toMatch(/10\.0\.0\.0\/33 is not an IP address or CIDR range/);
    expect(messageOf({ allowedIps: ['10.0.0.0/8', '2001:db8::/129'] })).toMatch(
      /2001:db8::\/129 is not an IP address or CIDR range/
    );
    expect(messageOf({ allowedIps: ['not-an-ip'] })).toMatch(/not-an-ip is not an IP address or CIDR range/);
  });

  // even an empty entry must say which field it is in
  it('a bad CIDR in allowedIps: the field is named', () => {
    expect(messageOf({ allowedIps: ['10.0.0.0/33'] })).toMatch(/allowedIps/);
    expect(messageOf({ allowedIps: [''] })).toMatch(/allowedIps/);
  });

  it('notifications: addresses that are not e-mail addresses, an unknown key', () => {
    const notifications = (over: Record<string, unknown>) => ({ notifications: { ...defaultConfig.notifications, ...over } });
    expect(messageOf(notifications({ errorsEmail: 'ops' }))).toBe(
      'notifications.errorsEmail must be e-mail addresses separated by commas'
    );
    expect(messageOf(notifications({ errorsEmail: 'ops@example.com, nope' }))).toMatch(/^notifications\.errorsEmail/);
    expect(messageOf(notifications({ managersEmail: 'gerente' }))).toBe(
      'notifications.managersEmail must be e-mail addresses separated by commas'
    );
    expect(messageOf(notifications({ managersEmail: 'gerente@example.com, nope' }))).toMatch(/^notifications\.managersEmail/);
    expect(messageOf(notifications({ managersEmail: '' }))).toMatch(/^notifications\.managersEmail/);
    expect(messageOf(notifications({ from: 'CRM' }))).toBe('notifications.from must be an e-mail address, or "Name <address>"');
    expect(messageOf(notifications({ retries: -1 }))).toBe('notifications.retries must be greater than or equal to 0');
    expect(messageOf(notifications({ to: 'x@example.com' }))).toBe('unknown key: notifications.to');
  });

  it('deliveryAlerts: a threshold for a code that is not a refusal, or below 1', () => {
    const alerts = (over: Record<string, unknown>) => ({ deliveryAlerts: { ...defaultConfig.deliveryAlerts, ...over } });
    expect(messageOf(alerts({ thresholds: { LEAD_CREATED: 1 } }))).toBe(
      'deliveryAlerts.thresholds: LEAD_CREATED is not a refusal, failure or conflict code'
    );
    expect(messageOf(alerts({ thresholds: { NOT_A_CODE: 1 } }))).toBe(
      'deliveryAlerts.thresholds: NOT_A_CODE is not a refusal, failure or conflict code'
    );
    expect(messageOf(alerts({ thresholds: { INVALID_CREDENTIALS: 0 } }))).toBe(
      'deliveryAlerts.thresholds: INVALID_CREDENTIALS must be a whole number ≥ 1'
    );
    expect(messageOf(alerts({ threshold: 0 }))).toBe('deliveryAlerts.threshold must be greater than or equal to 1');
    expect(messageOf(alerts({ windowMinutes: 0 }))).toBe('deliveryAlerts.windowMinutes must be greater than or equal to 1');
    expect(messageOf(alerts({ window: 60 }))).toBe('unknown key: deliveryAlerts.window');
  });

  it('listingSource: a content type UID, Listing fields only, with clientListingId and advertiser', () => {
    const fields = { clientListingId: 'codigo', advertiser: 'anunciante' };
    expect(() =>
      config.validator({ ...defaultConfig, listingSource: { contentType: 'api::imovel.imovel', fields } })
    ).not.toThrow();
    expect(messageOf({ listingSource: { contentType: 'imovel', fields } })).toBe(
      'listingSource.contentType must be a UID such as api::imovel.imovel'
    );
    expect(messageOf({ listingSource: { contentType: 'api::imovel.imovel', fields: { ...fields, price: 'preco' } } })).toBe(
      'listingSource.fields: price is not a Listing field'
    );
    expect(messageOf({ listingSource: { contentType: 'api::imovel.imovel', fields: { clientListingId: 'codigo' } } })).toBe(
      'listingSource.fields needs clientListingId and advertiser'
    );
  });

  it('reports every problem at once', () => {
    expect(messageOf({ zonelessTimezone: 'x', maxBodyBytes: 1, foo: 1 })).toBe(
      'zonelessTimezone must be an IANA time zone such as America/Sao_Paulo; ' +
        'maxBodyBytes must be greater than or equal to 1024; unknown key: foo'
    );
  });

  it('throws a plain Error (Strapi prefixes its message), not a yup ValidationError', () => {
    let thrown: unknown;
    try {
      config.validator({ ...defaultConfig, maxBodyBytes: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).constructor).toBe(Error);
    expect((thrown as Error).name).toBe('Error');
  });
});
