import http from 'node:http';
import net from 'node:net';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const LEAD = 'plugin::grupozap.lead';
const NOTE = 'plugin::grupozap.note';

interface CaseRow {
  key: string;
  expected: number | string;
  got: number;
  code: string | null;
  ms: number;
  pass: boolean;
  problem: string | null;
  error: string | null;
}

const settingsFor = (publicUrl: string) => ({
  username: 'vivareal',
  publicUrl,
  urlForm: 'path',
  zonelessTimezone: 'America/Sao_Paulo',
  allowedIps: [] as string[],
});

/** Another service of this machine, on 127.0.0.1: it records every request that reaches it. */
const startCatcher = async () => {
  const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    res.writeHead(201, { 'Content-Type': 'application/json' }).end('{"code":"LEAD_CREATED"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
};

const verdicts = (cases: CaseRow[]) => cases.map(({ key, expected, got, code, pass }) => ({ key, expected, got, code, pass }));

const ALL_PASS = [
  { key: 'lead', expected: '2xx', got: 201, code: 'LEAD_CREATED', pass: true },
  { key: 'duplicate', expected: '2xx', got: 200, code: 'LEAD_DUPLICATE', pass: true },
  { key: 'wrongCredential', expected: 401, got: 401, code: 'INVALID_CREDENTIALS', pass: true },
  { key: 'missingListing', expected: '4xx', got: 422, code: 'MISSING_CLIENT_LISTING_ID', pass: true },
];

describe('with the secret in the plugin config', () => {
  let app: TestApp;
  let admin: AdminSession;
  let editor: AdminSession;
  let author: AdminSession;
  let base: string;
  let jardim: { documentId: string };
  let realLead: string;
  /** isTest of each lead as the ingestion inserted it (a database lifecycle, not a mock). */
  const insertedIsTest = new Map<string, unknown>();

  /** A run as the page asks for it: the config secret typed in its field. */
  const runWith = (body: Record<string, unknown> = {}) =>
    admin.post('/grupozap/homologation/run', { advertiser: jardim.documentId, listing: 'HOM-001', secret: TEST_SECRET, ...body });
  const deliveryCount = () => app.strapi.db.query('plugin::grupozap.delivery').count();

  beforeAll(async () => {
    app = await startTestApp();
    jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
    await createListing(app.strapi, { clientListingId: 'HOM-001', advertiser: jardim.documentId, title: 'Casa de teste' });
    admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
    editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
    author = await loginAs(app.strapi, 'strapi-author', 'author');
    // the app's public URL is the address it listens on: the runner calls itself over HTTP
    base = await app.listen();
    expect((await admin.put('/grupozap/settings', settingsFor(base))).status).toBe(200);

    app.strapi.db.lifecycles.subscribe({
      models: [LEAD],
      // the ingestion inserts a lead with createMany (no read-back), so this is its lifecycle
      afterCreateMany(event) {
        for (const data of event.params.data as Record<string, unknown>[]) {
          insertedIsTest.set(String(data.originLeadId), data.isTest);
        }
      },
    });

    const real = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(freshLead());
    expect(real.status).toBe(201);
    realLead = real.body.leadId;
    expect((await admin.post(`/grupozap/leads/${realLead}/notes`, { body: 'Cliente real: ligar amanhã.' })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('runs the four cases against the running app over HTTP, and all pass', async () => {
    const res = await runWith();
    expect(res.status).toBe(200);
    const run = res.body.data;
    expect(run).toMatchObject({
      url: `${base}/api/grupozap/lead/jardim`,
      username: 'vivareal',
      credentialSource: 'config',
      advertiser: { documentId: jardim.documentId, slug: 'jardim', name: 'Jardim Imóveis', active: true },
      clientListingId: 'HOM-001',
      listingKnown: true,
      passed: true,
    });
    expect(verdicts(run.cases)).toEqual(ALL_PASS);
    for (const row of run.cases as CaseRow[]) {
      expect(row.problem).toBeNull();
      expect(row.ms).toBeGreaterThanOrEqual(0);
      expect(row.ms).toBeLessThan(5000);
    }
    // the first case only creates the lead: the duplicate is counted on it
    expect(run.testLeads).toHaveLength(1);
    const [lead] = await leadsWithOriginId(app.strapi, `grupozap-homologation-${run.runId}`);
    expect(lead).toMatchObject({ documentId: run.testLeads[0], isTest: true, deliveryCount: 2 });
    expect(lead.advertiser.slug).toBe('jardim');
    expect(lead.listing.clientListingId).toBe('HOM-001');
    // stored as a test lead from the start, so e-mail and distribution never take it for a real one
    expect(insertedIsTest.get(lead.originLeadId)).toBe(true);
    // the refusals were logged as deliveries of the runner
    const logged = await deliveriesFor(app.strapi, { userAgent: `grupozap-homologation/${run.runId}` });
    expect(logged.map((row: { code: string }) => row.code)).toEqual([
      'LEAD_CREATED',
      'LEAD_DUPLICATE',
      'INVALID_CREDENTIALS',
      'MISSING_CLIENT_LISTING_ID',
    ]);
  });

  it('leaves real leads as they were: not marked, not recognised', async () => {
    const [real] = await app.strapi.db.query(LEAD).findMany({ where: { documentId: realLead } });
    expect(real.isTest).toBe(false);
    expect(app.strapi.plugin('grupozap').service('homologation').isTestLeadId(real.originLeadId)).toBe(false);
  });

  it('takes the test lead’s fields from the admin, and a listing code the advertiser does not have', async () => {
    const res = await runWith({
      listing: 'NOT-YET-1',
      lead: { name: 'Teste Portal', message: 'Mensagem da homologação', leadOrigin: 'MCMV_OLX' },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.listingKnown).toBe(false);
    // with an MCMV origin the "missing clientListingId" case is still sent as a listing lead
    expect(verdicts(res.body.data.cases)).toEqual(ALL_PASS);
    const [lead] = await leadsWithOriginId(app.strapi, `grupozap-homologation-${res.body.data.runId}`);
    expect(lead).toMatchObject({
      name: 'Teste Portal',
      message: 'Mensagem da homologação',
      clientListingId: 'NOT-YET-1',
      isTest: true,
    });
    expect(lead.listing).toBeNull();
  });

  it('does not bring its own address to the brute-force brake (429) however often it runs', async () => {
    const limit = app.strapi.config.get('plugin::grupozap.authFailureLimit');
    app.strapi.config.set('plugin::grupozap.authFailureLimit', 2);
    app.strapi.plugin('grupozap').service('settings').invalidate();
    try {
      for (let run = 0; run < 3; run += 1) {
        const res = await runWith();
        expect(verdicts(res.body.data.cases)).toEqual(ALL_PASS);
      }
    } finally {
      app.strapi.config.set('plugin::grupozap.authFailureLimit', limit);
      app.strapi.plugin('grupozap').service('settings').invalidate();
    }
  });

  it('never sends the config secret untyped: without it, or with another, the run is refused before any request', async () => {
    const before = await deliveryCount();
    const missing = await admin.post('/grupozap/homologation/run', { advertiser: jardim.documentId, listing: 'HOM-001' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toMatchObject({
      code: 'HOMOLOGATION_SECRET_REQUIRED',
      errors: [{ path: ['secret'], message: expect.stringMatching(/sends only the secret typed here/) }],
    });
    for (const wrong of ['', `${TEST_SECRET}x`, TEST_SECRET.slice(0, -1), TEST_SECRET.toUpperCase()]) {
      const res = await runWith({ secret: wrong });
      expect(res.status).toBe(400);
      expect(res.body.error.details.code).toBe(wrong ? 'HOMOLOGATION_SECRET_NOT_IN_FORCE' : 'HOMOLOGATION_SECRET_REQUIRED');
      expect(res.body.error.details.errors[0].path).toEqual(['secret']);
    }
    // nothing reached the lead route: every request to it is logged
    expect(await deliveryCount()).toBe(before);
    expect(JSON.stringify(missing.body)).not.toContain(TEST_SECRET);
  });

  it('brakes an admin who guesses: after 5 wrong secrets, 429 with Retry-After even for the right one; other admins are not affected', async () => {
    const guesser = await loginAs(app.strapi, 'strapi-super-admin', 'guesser');
    const guess = (secret: string) =>
      guesser.post('/grupozap/homologation/run', { advertiser: jardim.documentId, listing: 'HOM-001', secret });
    const wrong = await Promise.all(Array.from({ length: 8 }, (_, i) => guess(`guess-${i}-${TEST_SECRET}`)));
    // taken before the check: simultaneous guesses cannot pass the count
    expect(wrong.filter((res) => res.status === 400)).toHaveLength(5);
    expect(wrong.filter((res) => res.status === 429)).toHaveLength(3);
    const right = await guess(TEST_SECRET);
    expect(right.status).toBe(429);
    expect(right.body.error.details.code).toBe('HOMOLOGATION_TOO_MANY_WRONG_SECRETS');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);

    const other = await runWith();
    expect(other.status).toBe(200);
  });

  describe('posts only to this app’s own lead route', () => {
    let catcher: Awaited<ReturnType<typeof startCatcher>>;
    let ownPort: number;

    beforeAll(async () => {
      catcher = await startCatcher();
      ownPort = Number(new URL(base).port);
    });

    afterEach(async () => {
      app.strapi.config.set('server.url', '');
      expect((await admin.put('/grupozap/settings', settingsFor(base))).status).toBe(200);
    });

    afterAll(async () => {
      await catcher?.close();
    });

    /** The app's public URL (Settings → Grupo ZAP) and Strapi's server.url (the deployment's). */
    const pointAt = async (publicUrl: string, serverUrl = '') => {
      app.strapi.config.set('server.url', serverUrl);
      expect((await admin.put('/grupozap/settings', settingsFor(publicUrl))).status).toBe(200);
    };

    const TARGETS: Array<[string, () => { publicUrl: string; serverUrl?: string }, string]> = [
      ['a host of the admin’s choosing', () => ({ publicUrl: 'https://crm.attacker.example' }), 'HOST'],
      [
        'a host that only starts like server.url’s',
        () => ({ publicUrl: 'https://crm.example.com.attacker.example', serverUrl: 'https://crm.example.com' }),
        'HOST',
      ],
      [
        'server.url’s host at another port',
        () => ({ publicUrl: 'https://crm.example.com:8443', serverUrl: 'https://crm.example.com' }),
        'HOST',
      ],
      [
        'server.url’s host outside the lead route',
        () => ({ publicUrl: 'https://crm.example.com/elsewhere', serverUrl: 'https://crm.example.com' }),
        'PATH',
      ],
      ['this machine at another port', () => ({ publicUrl: `http://127.0.0.1:${catcher.port}` }), 'LOOPBACK_OTHER_PORT'],
      [
        'this machine at another port, even as server.url',
        () => ({ publicUrl: `http://127.0.0.1:${catcher.port}`, serverUrl: `http://127.0.0.1:${catcher.port}` }),
        'LOOPBACK_OTHER_PORT',
      ],
      ['localhost at another port', () => ({ publicUrl: `http://localhost:${catcher.port}` }), 'LOOPBACK_OTHER_PORT'],
      [
        'the cloud metadata address',
        () => ({ publicUrl: 'http://169.254.169.254', serverUrl: 'http://169.254.169.254' }),
        'METADATA',
      ],
      ['the metadata address in decimal', () => ({ publicUrl: 'http://2852039166', serverUrl: 'http://2852039166' }), 'METADATA'],
      ['the metadata address in octal and hex', () => ({ publicUrl: 'http://0251.0xfe.0251.0376' }), 'METADATA'],
      ['the metadata address, IPv4-mapped', () => ({ publicUrl: 'http://[::ffff:169.254.169.254]' }), 'METADATA'],
      [
        'AWS’s IPv6 metadata address',
        () => ({ publicUrl: 'http://[fd00:ec2::254]', serverUrl: 'http://[fd00:ec2::254]' }),
        'METADATA',
      ],
      [
        'Alibaba’s metadata address',
        () => ({ publicUrl: 'http://100.100.100.200', serverUrl: 'http://100.100.100.200' }),
        'METADATA',
      ],
      [
        'Google’s metadata name',
        () => ({ publicUrl: 'http://metadata.google.internal', serverUrl: 'http://metadata.google.internal' }),
        'METADATA',
      ],
      ['a link-local address', () => ({ publicUrl: 'http://169.254.10.20', serverUrl: 'http://169.254.10.20' }), 'LINK_LOCAL'],
      ['an IPv6 link-local address', () => ({ publicUrl: 'http://[fe80::1]' }), 'LINK_LOCAL'],
      ['the unspecified address at this Strapi’s port', () => ({ publicUrl: `http://0.0.0.0:${ownPort}` }), 'UNSPECIFIED'],
      ['a multicast address', () => ({ publicUrl: 'http://224.0.0.1', serverUrl: 'http://224.0.0.1' }), 'MULTICAST'],
      [
        'the broadcast address',
        () => ({ publicUrl: 'http://255.255.255.255', serverUrl: 'http://255.255.255.255' }),
        'BROADCAST',
      ],
    ];

    it.each(TARGETS)('refuses %s (400 HOMOLOGATION_TARGET_REFUSED), sending nothing', async (_name, target, reason) => {
      const { publicUrl, serverUrl } = target();
      await pointAt(publicUrl, serverUrl);
      const before = await deliveryCount();
      const res = await runWith();
      expect(res.status).toBe(400);
      expect(res.body.error.details).toMatchObject({
        code: 'HOMOLOGATION_TARGET_REFUSED',
        reason,
        url: expect.stringMatching(/\/api\/grupozap\/lead/),
        allowed: expect.arrayContaining([`http://127.0.0.1:${ownPort}`]),
      });
      expect(res.body.error.message).toMatch(/^The homologation does not post the portal secret to /);
      expect(catcher.seen).toEqual([]);
      expect(await deliveryCount()).toBe(before);
    });

    it('takes server.url’s host, and shows a name that does not resolve as nothing answered', async () => {
      await pointAt('http://crm.invalid', 'http://crm.invalid');
      const res = await runWith();
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ url: 'http://crm.invalid/api/grupozap/lead/jardim', passed: false, testLeads: [] });
      for (const row of res.body.data.cases as CaseRow[]) {
        expect(row).toMatchObject({ got: 0, pass: false, problem: 'NO_ANSWER', code: null });
        expect(row.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
      }
    });

    it('shows this Strapi’s port where nothing listens (IPv6 loopback) as nothing answered, with the reason', async () => {
      // the app listens on 127.0.0.1 only
      await pointAt(`http://[::1]:${ownPort}`);
      const res = await runWith();
      expect(res.status).toBe(200);
      expect(res.body.data.passed).toBe(false);
      for (const row of res.body.data.cases as CaseRow[]) {
        expect(row).toMatchObject({ got: 0, pass: false, problem: 'NO_ANSWER', code: null });
        expect(row.error).toMatch(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH|EAFNOSUPPORT/);
      }
      expect(res.body.data.testLeads).toEqual([]);
    });

    it('posts to this Strapi by name too (localhost at its own port)', async () => {
      await pointAt(`http://localhost:${ownPort}`);
      const res = await runWith();
      expect(res.status).toBe(200);
      expect(res.body.data.url).toBe(`http://localhost:${ownPort}/api/grupozap/lead/jardim`);
      expect(verdicts(res.body.data.cases)).toEqual(ALL_PASS);
    });
  });

  it('refuses a run without an advertiser and listing, or with fields it does not know (400 on the field)', async () => {
    const empty = await admin.post('/grupozap/homologation/run', {});
    expect(empty.status).toBe(400);
    const paths = empty.body.error.details.errors.map((error: { path: string[] }) => error.path[0]).sort();
    expect(paths).toEqual(['advertiser', 'listing']);

    const unknown = await admin.post('/grupozap/homologation/run', { advertiser: 'nope', listing: 'HOM-001' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0].path).toEqual(['advertiser']);

    const owned = await admin.post('/grupozap/homologation/run', {
      advertiser: jardim.documentId,
      listing: 'HOM-001',
      lead: { originLeadId: 'mine' },
    });
    expect(owned.status).toBe(400);
  });

  it('gives the checklist to e-mail the portal', async () => {
    const res = await admin.get(`/grupozap/homologation/checklist?advertiser=${jardim.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      endpointUrl: `${base}/api/grupozap/lead/jardim`,
      endpointProblem: null,
      urlForm: 'path',
      advertiser: { slug: 'jardim' },
      crmName: 'grupozap-playground',
      crmNameSource: 'app',
      testClientListingId: 'HOM-001',
      // no notifications.errorsEmail in the config: the admin asking
      errorsEmail: admin.email,
      errorsEmailSource: 'user',
      credentialSource: 'config',
      feedUrl: `${base}/api/grupozap/feeds/jardim/vrsync.xml`,
    });
    expect(res.body.data.testLeadCount).toBeGreaterThanOrEqual(5);

    const generic = await admin.get('/grupozap/homologation/checklist?listing=ABC-9');
    expect(generic.body.data).toMatchObject({
      endpointUrl: `${base}/api/grupozap/lead/ADVERTISER-ID`,
      advertiser: null,
      testClientListingId: 'ABC-9',
      feedUrl: null,
    });
    expect((await admin.get('/grupozap/homologation/checklist?advertiser=nope')).status).toBe(404);
  });

  it('feeds the page’s pickers: advertisers by name, slug or document, and their listings', async () => {
    await createAdvertiser(app.strapi, { name: 'Casa Nova', slug: 'casa-nova', document: '52998224725' });
    const all = await admin.get('/grupozap/homologation/advertisers');
    expect(all.body.data.map((row: { slug: string }) => row.slug)).toEqual(['casa-nova', 'jardim']);
    const found = await admin.get('/grupozap/homologation/advertisers?q=JARD');
    expect(found.body.data).toEqual([{ documentId: jardim.documentId, name: 'Jardim Imóveis', slug: 'jardim', active: true }]);
    expect((await admin.get('/grupozap/homologation/advertisers?q=529982')).body.data[0].slug).toBe('casa-nova');

    const listings = await admin.get(`/grupozap/homologation/advertisers/${jardim.documentId}/listings`);
    expect(listings.body.data).toEqual([expect.objectContaining({ clientListingId: 'HOM-001', title: 'Casa de teste' })]);
    expect((await admin.get(`/grupozap/homologation/advertisers/${jardim.documentId}/listings?q=zzz`)).body.data).toEqual([]);
    expect((await admin.get('/grupozap/homologation/advertisers/nope/listings')).status).toBe(404);
  });

  it.each([
    ['editor', () => editor],
    ['author', () => author],
  ])('an %s can use none of it (403)', async (_role, session) => {
    const who = session();
    expect(
      (await who.post('/grupozap/homologation/run', { advertiser: jardim.documentId, listing: 'HOM-001', secret: TEST_SECRET }))
        .status
    ).toBe(403);
    expect((await who.delete('/grupozap/homologation/test-leads')).status).toBe(403);
    expect((await who.get('/grupozap/homologation/checklist')).status).toBe(403);
    expect((await who.get('/grupozap/homologation/advertisers')).status).toBe(403);
    expect((await who.get(`/grupozap/homologation/advertisers/${jardim.documentId}/listings`)).status).toBe(403);
  });

  it('deletes every test lead with its notes and log rows, and the runner’s refusals; real leads stay', async () => {
    const testLeads = await app.strapi.db.query(LEAD).findMany({ where: { isTest: true }, select: ['id', 'documentId'] });
    expect(testLeads.length).toBeGreaterThanOrEqual(5);
    expect((await admin.post(`/grupozap/leads/${testLeads[0].documentId}/notes`, { body: 'nota de teste' })).status).toBe(201);
    const realBefore = await app.strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: realLead }, populate: { notes: true, deliveries: true } });
    const runnerRows = await deliveriesFor(app.strapi, { userAgent: { $startsWith: 'grupozap-homologation/' } });

    const res = await admin.delete('/grupozap/homologation/test-leads');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ leads: testLeads.length, notes: 1, deliveries: runnerRows.length });

    expect(await app.strapi.db.query(LEAD).count({ where: { isTest: true } })).toBe(0);
    expect(await deliveriesFor(app.strapi, { userAgent: { $startsWith: 'grupozap-homologation/' } })).toEqual([]);
    expect(
      await app.strapi.db
        .query(NOTE)
        .count({ where: { lead: { id: { $in: testLeads.map((lead: { id: number }) => lead.id) } } } })
    ).toBe(0);
    // the advertiser and listing keep only the real lead
    const advertiser = await app.strapi.db.query('plugin::grupozap.advertiser').findOne({
      where: { documentId: jardim.documentId },
      populate: { leads: { select: ['documentId'] } },
    });
    expect(advertiser.leads.map((lead: { documentId: string }) => lead.documentId)).toEqual([realLead]);

    const realAfter = await app.strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: realLead }, populate: { notes: true, deliveries: true } });
    expect(realAfter).toEqual(realBefore);
    expect(realAfter.notes).toHaveLength(1);
    expect((await admin.get('/grupozap/homologation/checklist')).body.data.testLeadCount).toBe(0);

    // nothing left: nothing to delete
    expect((await admin.delete('/grupozap/homologation/test-leads')).body.data).toEqual({ leads: 0, notes: 0, deliveries: 0 });
  });
});

describe('with the secret kept in Settings → Grupo ZAP (a hash only)', () => {
  const PORTAL_SECRET = 'the-secret-we-gave-the-portal';
  let app: TestApp;
  let admin: AdminSession;
  let jardim: { documentId: string };

  const run = (secret?: string) =>
    admin.post('/grupozap/homologation/run', {
      advertiser: jardim.documentId,
      listing: 'HOM-001',
      ...(secret ? { secret } : {}),
    });

  beforeAll(async () => {
    app = await startTestApp({ env: { GRUPOZAP_SECRET_KEY: '' } });
    jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
    await createListing(app.strapi, { clientListingId: 'HOM-001', advertiser: jardim.documentId });
    admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
    expect((await admin.put('/grupozap/settings', settingsFor(await app.listen()))).status).toBe(200);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('says so when no secret is set yet', async () => {
    const res = await run('anything-at-all');
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({
      code: 'HOMOLOGATION_NO_SECRET',
      errors: [{ path: ['secret'], message: expect.stringMatching(/No portal secret/) }],
    });
  });

  it('asks the admin for the secret, and refuses one that is not in force, before sending anything', async () => {
    expect((await admin.post('/grupozap/settings/secret', { secret: PORTAL_SECRET })).status).toBe(200);
    const before = await app.strapi.db.query('plugin::grupozap.delivery').count();

    const missing = await run();
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toMatchObject({
      code: 'HOMOLOGATION_SECRET_REQUIRED',
      errors: [{ path: ['secret'], message: expect.stringMatching(/sends only the secret typed here/) }],
    });
    const wrong = await run('not-the-portal-secret');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({
      code: 'HOMOLOGATION_SECRET_NOT_IN_FORCE',
      errors: [{ path: ['secret'], message: expect.stringMatching(/not the portal secret in force/) }],
    });
    expect(await app.strapi.db.query('plugin::grupozap.delivery').count()).toBe(before);
  });

  it('signs with the typed secret, and all four cases pass', async () => {
    const res = await run(PORTAL_SECRET);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ credentialSource: 'settings', passed: true });
    expect(verdicts(res.body.data.cases)).toEqual(ALL_PASS);
    // the secret is used for the run and kept nowhere
    expect(JSON.stringify(res.body)).not.toContain(PORTAL_SECRET);
    const rows = await deliveriesFor(app.strapi, { userAgent: `grupozap-homologation/${res.body.data.runId}` });
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(PORTAL_SECRET);
  });

  it('accepts the previous secret while its grace period lasts (the portal may still hold it)', async () => {
    expect((await admin.post('/grupozap/settings/secret', { secret: 'a-brand-new-portal-secret', graceDays: 7 })).status).toBe(
      200
    );
    const res = await run(PORTAL_SECRET);
    expect(res.status).toBe(200);
    expect(res.body.data.passed).toBe(true);
  });
});
