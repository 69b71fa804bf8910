import fs from 'node:fs';
import path from 'node:path';
import { normalizeLeadBody, type LeadFields, type NormalizedLead, type PortalBody } from '../../server/src/utils/lead-payload';

/** shared/ sits beside the repository (/work/main → /work/shared), here and in CI. */
const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures', 'leads');
const fixture = (name: string): PortalBody => JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as PortalBody;

const SAO_PAULO = 'America/Sao_Paulo';

/** The accepted result, or a failed expectation naming the code that came back instead. */
const accepted = (result: NormalizedLead): { lead: LeadFields; sellerDocument: string | null } => {
  if (!result.ok) throw new Error(`expected the body to be accepted, got ${result.code}`);
  return { lead: result.lead, sellerDocument: result.sellerDocument };
};

const leadOf = (body: PortalBody, zone = SAO_PAULO): LeadFields => accepted(normalizeLeadBody(body, zone)).lead;

/** A minimal listing lead, with overrides. */
const body = (overrides: PortalBody = {}): PortalBody => ({
  originLeadId: 'lead-1',
  clientListingId: 'AP0511',
  ...overrides,
});

describe('normalizeLeadBody on the sample bodies', () => {
  it('finds the sample bodies in tests/fixtures', () => {
    expect(fs.existsSync(path.join(FIXTURES_DIR, 'README.md'))).toBe(true);
  });

  it.each(fs.readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.json') && file !== 'missing-client-listing-id.json'))(
    '%s is accepted, its payload kept as sent',
    (name) => {
      const sent = fixture(name);
      const result = normalizeLeadBody(sent, SAO_PAULO);
      expect(result.ok).toBe(true);
      const { lead } = accepted(result);
      expect(lead.payload).toEqual(fixture(name));
      expect(lead.originLeadId).toBe(sent.originLeadId);
    }
  );

  it('missing-client-listing-id.json is refused with MISSING_CLIENT_LISTING_ID', () => {
    expect(normalizeLeadBody(fixture('missing-client-listing-id.json'), SAO_PAULO)).toEqual({
      ok: false,
      code: 'MISSING_CLIENT_LISTING_ID',
    });
  });

  it('grupo-olx-current.json gives these exact fields', () => {
    const sent = fixture('grupo-olx-current.json');
    expect(normalizeLeadBody(sent, SAO_PAULO)).toEqual({
      ok: true,
      sellerDocument: null,
      lead: {
        originLeadId: '67cef3a9c1d2e4f5a6b7c8d9',
        leadOrigin: 'Grupo OLX',
        leadType: 'VISIT_REQUEST',
        temperature: 'Alta',
        transactionType: 'SELL',
        originTimestamp: new Date('2026-03-10T14:22:01.123Z'),
        timestampRaw: '2026-03-10T14:22:01.123Z',
        name: 'Carla Souza',
        email: 'carla.souza@example.com',
        ddd: '48',
        phone: '988627634',
        phoneE164: '+5548988627634',
        message: 'Gostaria de agendar uma visita no sábado.',
        clientListingId: 'JDA-4821',
        originListingId: '2712345678',
        extraData: { leadType: 'VISIT_REQUEST', leadCerto: true, feedback: 'Avalie a temperatura do lead' },
        payload: sent,
      },
    });
  });

  it('manual-example.json gives these exact fields', () => {
    const sent = fixture('manual-example.json');
    expect(normalizeLeadBody(sent, SAO_PAULO)).toEqual({
      ok: true,
      sellerDocument: null,
      lead: {
        originLeadId: '59ee0fc6e4b043e1b2a6d863',
        leadOrigin: 'VivaReal',
        leadType: null,
        temperature: null,
        transactionType: null,
        originTimestamp: new Date('2017-10-23T15:50:30.619Z'),
        timestampRaw: '2017-10-23T15:50:30.619Z',
        name: 'Nome Consumidor',
        email: 'nome.consumidor@email.com',
        ddd: '11',
        phone: '999999999',
        phoneE164: '+5511999999999',
        message: 'Olá, tenho interesse neste imóvel. Aguardo o contato. Obrigado.',
        clientListingId: 'a40171',
        originListingId: '87027856',
        extraData: null,
        payload: sent,
      },
    });
  });

  it('legacy-zoneless-phonenumber-only.json: zone-less timestamp read in São Paulo, phone from phoneNumber, long message whole', () => {
    const sent = fixture('legacy-zoneless-phonenumber-only.json');
    const lead = leadOf(sent);
    expect(lead.originTimestamp).toEqual(new Date('2019-04-14T12:05:00.000Z'));
    expect(lead.timestampRaw).toBe('2019-04-14T09:05:00');
    expect(lead.phoneE164).toBe('+5521988887777');
    expect(lead.ddd).toBeNull();
    expect(lead.phone).toBeNull();
    expect(lead.email).toBeNull(); // sent as ""
    expect(lead.name).toBe('Maria');
    expect(lead.leadOrigin).toBe('Zap');
    expect(lead.clientListingId).toBe('AP0511');
    expect(lead.originListingId).toBe('2447193');
    expect(lead.extraData).toBeNull();
    expect(lead.message).toBe(sent.message);
    expect((lead.message as string).length).toBeGreaterThan(255);
  });

  it('legacy-zoneless-phonenumber-only.json: the zone-less timestamp follows the configured zone', () => {
    expect(leadOf(fixture('legacy-zoneless-phonenumber-only.json'), 'UTC').originTimestamp).toEqual(
      new Date('2019-04-14T09:05:00.000Z')
    );
  });

  it('mcmv-no-listing.json is accepted without clientListingId and yields the seller document', () => {
    const sent = fixture('mcmv-no-listing.json');
    const result = accepted(normalizeLeadBody(sent, SAO_PAULO));
    expect(result.sellerDocument).toBe('11222333000181');
    expect(result.lead).toEqual({
      originLeadId: 'mcmv-7a1b2c3d4e5f',
      leadOrigin: 'MCMV_OLX',
      leadType: 'CONTACT_FORM',
      temperature: 'Média',
      transactionType: 'SELL',
      originTimestamp: new Date('2026-07-10T10:15:30.000Z'),
      timestampRaw: '2026-07-10T10:15:30.000Z',
      name: 'João da Silva',
      email: 'joao.silva@example.com',
      ddd: '11',
      phone: '987654321',
      phoneE164: '+5511987654321',
      message: 'Simulação de financiamento realizada no portal.',
      clientListingId: null,
      originListingId: null,
      extraData: sent.extraData,
      payload: sent,
    });
  });
});

describe('normalizeLeadBody: originLeadId', () => {
  it.each([
    [{}],
    [{ originLeadId: undefined }],
    [{ originLeadId: null }],
    [{ originLeadId: '' }],
    [{ originLeadId: '   ' }],
    [{ originLeadId: '\t\n' }],
  ])('%j → MISSING_ORIGIN_LEAD_ID', (overrides) => {
    const sent = body(overrides);
    if (!('originLeadId' in overrides)) delete sent.originLeadId;
    expect(normalizeLeadBody(sent, SAO_PAULO)).toEqual({ ok: false, code: 'MISSING_ORIGIN_LEAD_ID' });
  });

  it('is checked before clientListingId', () => {
    expect(normalizeLeadBody({ leadOrigin: 'Zap' }, SAO_PAULO)).toEqual({ ok: false, code: 'MISSING_ORIGIN_LEAD_ID' });
  });

  it('accepts a number and keeps it as a string', () => {
    expect(leadOf(body({ originLeadId: 123456789 })).originLeadId).toBe('123456789');
    expect(leadOf(body({ originLeadId: 0 })).originLeadId).toBe('0');
  });

  it('trims the value', () => {
    expect(leadOf(body({ originLeadId: '  abc-1 \n' })).originLeadId).toBe('abc-1');
  });

  it('accepts exactly 255 characters', () => {
    const id = 'x'.repeat(255);
    expect(leadOf(body({ originLeadId: id })).originLeadId).toBe(id);
    expect(leadOf(body({ originLeadId: `  ${id}  ` })).originLeadId).toBe(id);
  });

  it('refuses 256 characters or more with INVALID_ORIGIN_LEAD_ID (never cuts: cutting would merge distinct leads)', () => {
    expect(normalizeLeadBody(body({ originLeadId: 'x'.repeat(256) }), SAO_PAULO)).toEqual({
      ok: false,
      code: 'INVALID_ORIGIN_LEAD_ID',
    });
    expect(normalizeLeadBody(body({ originLeadId: 'é'.repeat(1000) }), SAO_PAULO)).toEqual({
      ok: false,
      code: 'INVALID_ORIGIN_LEAD_ID',
    });
  });

  it.each([
    [{ originLeadId: {} }],
    [{ originLeadId: [] }],
    [{ originLeadId: ['a'] }],
    [{ originLeadId: { id: 'a' } }],
    [{ originLeadId: NaN }],
    [{ originLeadId: Infinity }],
  ])('%j → INVALID_ORIGIN_LEAD_ID', (overrides) => {
    expect(normalizeLeadBody(body(overrides), SAO_PAULO)).toEqual({ ok: false, code: 'INVALID_ORIGIN_LEAD_ID' });
  });

  // The answer for INVALID_ORIGIN_LEAD_ID says "originLeadId must be a string of at most 255
  // characters"; numbers are accepted because the portal documents ids as strings and sends
  // numbers. A boolean is no id at all: accepted as "true"/"false", every such lead would share
  // one key and every one after the first would be answered 200 as a duplicate — lost.
  it.each([[{ originLeadId: true }], [{ originLeadId: false }]])(
    '%j → INVALID_ORIGIN_LEAD_ID (boolean is not an id)',
    (overrides) => {
      expect(normalizeLeadBody(body(overrides), SAO_PAULO)).toEqual({ ok: false, code: 'INVALID_ORIGIN_LEAD_ID' });
    }
  );
});

describe('normalizeLeadBody: clientListingId', () => {
  it.each([
    [{ clientListingId: undefined }],
    [{ clientListingId: null }],
    [{ clientListingId: '' }],
    [{ clientListingId: '   ' }],
    [{ clientListingId: {} }],
  ])('listing lead with %j → MISSING_CLIENT_LISTING_ID', (overrides) => {
    expect(normalizeLeadBody(body({ leadOrigin: 'Zap', ...overrides }), SAO_PAULO)).toEqual({
      ok: false,
      code: 'MISSING_CLIENT_LISTING_ID',
    });
  });

  it('is required whatever the leadOrigin, including none and new values', () => {
    for (const leadOrigin of [undefined, 'VivaReal', 'Zap', 'GrupoZap', 'Grupo OLX', 'SomethingNew', 'mcmv_olx', 'MCMV']) {
      expect([leadOrigin, normalizeLeadBody({ originLeadId: 'a', leadOrigin }, SAO_PAULO)]).toEqual([
        leadOrigin,
        { ok: false, code: 'MISSING_CLIENT_LISTING_ID' },
      ]);
    }
  });

  it('is not required for MCMV_OLX leads (trimmed)', () => {
    expect(leadOf({ originLeadId: 'a', leadOrigin: 'MCMV_OLX' }).clientListingId).toBeNull();
    expect(leadOf({ originLeadId: 'a', leadOrigin: ' MCMV_OLX ' }).leadOrigin).toBe('MCMV_OLX');
  });

  it('is kept when an MCMV_OLX lead does carry one', () => {
    expect(leadOf({ originLeadId: 'a', leadOrigin: 'MCMV_OLX', clientListingId: 'X1' }).clientListingId).toBe('X1');
  });

  it('is trimmed, and a number is kept as its text', () => {
    expect(leadOf(body({ clientListingId: '  AP0511 ' })).clientListingId).toBe('AP0511');
    expect(leadOf(body({ clientListingId: 4821 })).clientListingId).toBe('4821');
  });
});

describe('normalizeLeadBody: sellerDocument', () => {
  const mcmv = (mcmvData: unknown): PortalBody => ({ originLeadId: 'a', leadOrigin: 'MCMV_OLX', extraData: { mcmv: mcmvData } });

  it('is normalized: no punctuation, upper case', () => {
    expect(accepted(normalizeLeadBody(mcmv({ sellerDocument: '11.222.333/0001-81' }), SAO_PAULO)).sellerDocument).toBe(
      '11222333000181'
    );
    expect(accepted(normalizeLeadBody(mcmv({ sellerDocument: '12.abc.345/01de-35' }), SAO_PAULO)).sellerDocument).toBe(
      '12ABC34501DE35'
    );
    expect(accepted(normalizeLeadBody(mcmv({ sellerDocument: '529.982.247-25' }), SAO_PAULO)).sellerDocument).toBe('52998224725');
  });

  it('accepts a number', () => {
    expect(accepted(normalizeLeadBody(mcmv({ sellerDocument: 11222333000181 }), SAO_PAULO)).sellerDocument).toBe(
      '11222333000181'
    );
  });

  it('is null when absent, empty or only punctuation', () => {
    for (const data of [
      {},
      { sellerDocument: '' },
      { sellerDocument: '---' },
      { sellerDocument: null },
      'not an object',
      ['x'],
    ]) {
      expect([data, accepted(normalizeLeadBody(mcmv(data), SAO_PAULO)).sellerDocument]).toEqual([data, null]);
    }
    expect(accepted(normalizeLeadBody({ originLeadId: 'a', leadOrigin: 'MCMV_OLX' }, SAO_PAULO)).sellerDocument).toBeNull();
  });

  it('is null on listing leads without an mcmv object', () => {
    expect(accepted(normalizeLeadBody(fixture('grupo-olx-current.json'), SAO_PAULO)).sellerDocument).toBeNull();
  });
});

describe('normalizeLeadBody: fields', () => {
  it('reads transactionType, and the snake_case transaction_type one portal page uses', () => {
    expect(leadOf(body({ transactionType: 'RENT' })).transactionType).toBe('RENT');
    expect(leadOf(body({ transaction_type: 'RENT' })).transactionType).toBe('RENT');
    expect(leadOf(body({ transactionType: 'SELL', transaction_type: 'RENT' })).transactionType).toBe('SELL');
    expect(leadOf(body()).transactionType).toBeNull();
  });

  it('reads leadType from extraData, falling back to a top-level leadType', () => {
    expect(leadOf(body({ extraData: { leadType: 'CLICK_WHATSAPP' } })).leadType).toBe('CLICK_WHATSAPP');
    expect(leadOf(body({ leadType: 'PHONE_VIEW' })).leadType).toBe('PHONE_VIEW');
    expect(leadOf(body({ leadType: 'PHONE_VIEW', extraData: { leadType: 'CONTACT_CHAT' } })).leadType).toBe('CONTACT_CHAT');
    expect(leadOf(body({ extraData: {} })).leadType).toBeNull();
  });

  it('stores unknown enum values as sent', () => {
    const lead = leadOf(
      body({
        leadOrigin: 'Brand New Portal',
        temperature: 'Morna',
        transactionType: 'LEASE',
        extraData: { leadType: 'CLICK_VIDEO_CALL' },
      })
    );
    expect([lead.leadOrigin, lead.temperature, lead.transactionType, lead.leadType]).toEqual([
      'Brand New Portal',
      'Morna',
      'LEASE',
      'CLICK_VIDEO_CALL',
    ]);
  });

  it('keeps unknown fields in payload (the very object sent) and in extraData', () => {
    const sent = body({
      newTopLevelField: { nested: [1, 2, 3] },
      anotherOne: 'x',
      extraData: { leadType: 'CONTACT_FORM', izi: { score: 7 }, somethingNew: true },
    });
    const lead = leadOf(sent);
    expect(lead.payload).toBe(sent);
    expect(lead.payload.newTopLevelField).toEqual({ nested: [1, 2, 3] });
    expect(lead.payload.anotherOne).toBe('x');
    expect(lead.extraData).toEqual({ leadType: 'CONTACT_FORM', izi: { score: 7 }, somethingNew: true });
  });

  it('gives extraData null when it is not an object', () => {
    for (const extraData of [null, 'text', 42, [1, 2], true]) {
      expect([extraData, leadOf(body({ extraData })).extraData]).toEqual([extraData, null]);
    }
  });

  it('cuts long strings to 255 characters in short columns, trimmed', () => {
    const long = 'a'.repeat(300);
    const lead = leadOf(
      body({
        clientListingId: `L${long}`,
        originListingId: `O${long}`,
        leadOrigin: `G${long}`,
        name: `N${long}`,
        email: `E${long}`,
        temperature: `T${long}`,
        transactionType: `X${long}`,
        ddd: `D${long}`,
        phone: `P${long}`,
        extraData: { leadType: `Y${long}` },
      })
    );
    expect(lead.clientListingId).toBe(`L${'a'.repeat(254)}`);
    expect(lead.originListingId).toBe(`O${'a'.repeat(254)}`);
    expect(lead.leadOrigin).toBe(`G${'a'.repeat(254)}`);
    expect(lead.name).toBe(`N${'a'.repeat(254)}`);
    expect(lead.email).toBe(`E${'a'.repeat(254)}`);
    expect(lead.temperature).toBe(`T${'a'.repeat(254)}`);
    expect(lead.transactionType).toBe(`X${'a'.repeat(254)}`);
    expect(lead.ddd).toBe(`D${'a'.repeat(254)}`);
    expect(lead.phone).toBe(`P${'a'.repeat(254)}`);
    expect(lead.leadType).toBe(`Y${'a'.repeat(254)}`);
    expect((lead.payload.name as string).length).toBe(301);
  });

  it('trims before cutting', () => {
    expect(leadOf(body({ name: `   ${'b'.repeat(260)}` })).name).toBe('b'.repeat(255));
    expect(leadOf(body({ name: '  Maria  ' })).name).toBe('Maria');
  });

  it('keeps the message whole, however long, accents and line breaks included', () => {
    const message = `Olá! ${'Gostaria de saber mais sobre o imóvel, condomínio e IPTU. '.repeat(50)}\nObrigada.`;
    expect(message.length).toBeGreaterThan(2000);
    expect(leadOf(body({ message })).message).toBe(message);
  });

  it('keeps the message untrimmed when it has text', () => {
    expect(leadOf(body({ message: '  olá  ' })).message).toBe('  olá  ');
  });

  it('gives message null when it is empty, blank or absent', () => {
    expect(leadOf(body({ message: '' })).message).toBeNull();
    expect(leadOf(body({ message: '  \n\t ' })).message).toBeNull();
    expect(leadOf(body()).message).toBeNull();
    expect(leadOf(body({ message: null })).message).toBeNull();
  });

  it('gives empty strings null in short columns', () => {
    const lead = leadOf(body({ name: '', email: '', ddd: '', phone: '', temperature: ' ', originListingId: '' }));
    expect([lead.name, lead.email, lead.ddd, lead.phone, lead.temperature, lead.originListingId]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('turns numbers into their text', () => {
    const lead = leadOf(body({ ddd: 11, phone: 999999999, originListingId: 87027856 }));
    expect(lead.ddd).toBe('11');
    expect(lead.phone).toBe('999999999');
    expect(lead.originListingId).toBe('87027856');
    expect(lead.phoneE164).toBe('+5511999999999');
  });

  it('gives objects null in short columns', () => {
    const lead = leadOf(body({ name: { first: 'Ana' }, email: ['a@b.c'] }));
    expect(lead.name).toBeNull();
    expect(lead.email).toBeNull();
  });

  it('builds phoneE164 from ddd + phone, or else from phoneNumber', () => {
    expect(leadOf(body({ ddd: '48', phone: '988627634' })).phoneE164).toBe('+5548988627634');
    expect(leadOf(body({ phoneNumber: '5521988887777' })).phoneE164).toBe('+5521988887777');
    expect(leadOf(body({ phoneNumber: 'garbage' })).phoneE164).toBeNull();
    expect(leadOf(body()).phoneE164).toBeNull();
  });
});

describe('normalizeLeadBody: timestamp', () => {
  it('keeps the raw text beside the parsed instant', () => {
    const lead = leadOf(body({ timestamp: '2026-03-10T14:22:01Z' }));
    expect(lead.originTimestamp).toEqual(new Date('2026-03-10T14:22:01.000Z'));
    expect(lead.timestampRaw).toBe('2026-03-10T14:22:01Z');
  });

  it('reads a zone-less value in the zone given', () => {
    expect(leadOf(body({ timestamp: '2019-04-14T09:05:00' }), SAO_PAULO).originTimestamp).toEqual(
      new Date('2019-04-14T12:05:00.000Z')
    );
    expect(leadOf(body({ timestamp: '2019-04-14T09:05:00' }), 'Europe/Lisbon').originTimestamp).toEqual(
      new Date('2019-04-14T08:05:00.000Z')
    );
  });

  it('accepts an epoch number and keeps its text', () => {
    const lead = leadOf(body({ timestamp: 1555243500 }));
    expect(lead.originTimestamp).toEqual(new Date('2019-04-14T12:05:00.000Z'));
    expect(lead.timestampRaw).toBe('1555243500');
  });

  it('does not refuse a lead over a strange timestamp: null beside the raw text', () => {
    const lead = leadOf(body({ timestamp: 'ontem à tarde' }));
    expect(lead.originTimestamp).toBeNull();
    expect(lead.timestampRaw).toBe('ontem à tarde');
  });

  it('cuts a long raw timestamp to 255 characters', () => {
    const lead = leadOf(body({ timestamp: 'z'.repeat(400) }));
    expect(lead.originTimestamp).toBeNull();
    expect(lead.timestampRaw).toBe('z'.repeat(255));
  });

  it('gives both null when there is no timestamp', () => {
    const lead = leadOf(body());
    expect(lead.originTimestamp).toBeNull();
    expect(lead.timestampRaw).toBeNull();
    const empty = leadOf(body({ timestamp: '' }));
    expect(empty.originTimestamp).toBeNull();
    expect(empty.timestampRaw).toBeNull();
  });
});
