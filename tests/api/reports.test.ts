import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const LEAD = 'plugin::grupozap.lead';

let app: TestApp;
let admin: AdminSession;
let ana: AdminSession;
let bruno: AdminSession;
let author: AdminSession;
let jardim: SeededAdvertiser;
let praia: SeededAdvertiser;

interface Seed {
  advertiser: 'jardim' | 'praia' | null;
  origin: string;
  receivedAt: string;
  status: string;
  firstResponseSeconds?: number;
  firstResponder?: () => number;
  assignee?: () => number;
  isTest?: boolean;
}

/**
 * March 2025 in São Paulo (UTC−3): L2 and L5 arrive before midnight there but after it in UTC,
 * L6 on the last evening of February there; L7 is a homologation test lead.
 */
const SEEDS: Record<string, Seed> = {
  L1: { advertiser: 'jardim', origin: 'Grupo OLX', receivedAt: '2025-03-01T13:00:00Z', status: 'new' },
  L2: {
    advertiser: 'jardim',
    origin: 'Grupo OLX',
    receivedAt: '2025-03-02T02:30:00Z',
    status: 'contacted',
    firstResponseSeconds: 600,
    firstResponder: () => ana.id,
  },
  L3: {
    advertiser: 'praia',
    origin: 'VivaReal',
    receivedAt: '2025-03-02T03:30:00Z',
    status: 'contacted',
    firstResponseSeconds: 1200,
    firstResponder: () => ana.id,
  },
  L4: {
    advertiser: 'praia',
    origin: 'Zap',
    receivedAt: '2025-03-31T23:00:00Z',
    status: 'won',
    firstResponseSeconds: 60,
    assignee: () => bruno.id,
  },
  L5: {
    advertiser: 'jardim',
    origin: 'VivaReal',
    receivedAt: '2025-04-01T02:00:00Z',
    status: 'lost',
    firstResponseSeconds: 3000,
    firstResponder: () => ana.id,
    assignee: () => bruno.id,
  },
  L6: { advertiser: 'jardim', origin: 'Grupo OLX', receivedAt: '2025-03-01T02:00:00Z', status: 'qualified' },
  L7: { advertiser: 'jardim', origin: 'Grupo OLX', receivedAt: '2025-03-10T15:00:00Z', status: 'new', isTest: true },
  L8: { advertiser: null, origin: 'MCMV_OLX', receivedAt: '2025-03-15T15:00:00Z', status: 'new' },
};

const MARCH = '/grupozap/reports?from=2025-03-01&to=2025-03-31&tz=America/Sao_Paulo';

beforeAll(async () => {
  app = await startTestApp();
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  praia = await createAdvertiser(app.strapi, { name: 'Praia Imóveis', slug: 'praia', document: '11444777000161' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: jardim.documentId });
  await createListing(app.strapi, { clientListingId: 'PRA-1', advertiser: praia.documentId });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  ana = await loginAs(app.strapi, 'strapi-editor', 'ana');
  bruno = await loginAs(app.strapi, 'strapi-editor', 'bruno');
  author = await loginAs(app.strapi, 'strapi-author', 'author');

  for (const [key, seed] of Object.entries(SEEDS)) {
    let documentId: string;
    if (seed.advertiser) {
      const body = freshLead('grupo-olx-current.json', {
        name: key,
        leadOrigin: seed.origin,
        clientListingId: seed.advertiser === 'jardim' ? 'JDA-4821' : 'PRA-1',
      });
      const res = await app.http().post(`/api/grupozap/lead/${seed.advertiser}`).auth('vivareal', TEST_SECRET).send(body);
      expect(res.status).toBe(201);
      documentId = res.body.leadId;
    } else {
      documentId = (
        await app.strapi.db
          .query(LEAD)
          .create({ data: { originLeadId: `report-${key}`, name: key, leadOrigin: seed.origin, leadStatus: 'new' } })
      ).documentId;
    }
    await app.strapi.db.query(LEAD).update({
      where: { documentId },
      data: {
        receivedAt: new Date(seed.receivedAt),
        leadStatus: seed.status,
        isTest: seed.isTest ?? false,
        ...(seed.firstResponseSeconds !== undefined ? { firstResponseSeconds: seed.firstResponseSeconds } : {}),
        ...(seed.firstResponder ? { firstResponder: seed.firstResponder() } : {}),
        ...(seed.assignee ? { assignee: seed.assignee() } : {}),
      },
    });
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('lead report', () => {
  it('counts the period’s leads per day in the time zone, per origin, advertiser and status', async () => {
    const res = await admin.get(MARCH);
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect(report).toMatchObject({ from: '2025-03-01', to: '2025-03-31', timeZone: 'America/Sao_Paulo', total: 6 });

    expect(report.perDay).toHaveLength(31);
    const days = Object.fromEntries(
      report.perDay
        .filter((row: { leads: number }) => row.leads)
        .map((row: { day: string; leads: number }) => [row.day, row.leads])
    );
    expect(days).toEqual({ '2025-03-01': 2, '2025-03-02': 1, '2025-03-15': 1, '2025-03-31': 2 });

    expect(report.perOrigin).toEqual([
      { origin: 'Grupo OLX', leads: 2 },
      { origin: 'VivaReal', leads: 2 },
      { origin: 'MCMV_OLX', leads: 1 },
      { origin: 'Zap', leads: 1 },
    ]);
    expect(report.perAdvertiser).toEqual([
      { documentId: jardim.documentId, name: 'Jardim Imóveis', leads: 3 },
      { documentId: praia.documentId, name: 'Praia Imóveis', leads: 2 },
      { documentId: null, name: null, leads: 1 },
    ]);
    expect(report.perStatus).toEqual([
      { status: 'new', leads: 2 },
      { status: 'contacted', leads: 2 },
      { status: 'qualified', leads: 0 },
      { status: 'visit_scheduled', leads: 0 },
      { status: 'proposal', leads: 0 },
      { status: 'won', leads: 1 },
      { status: 'lost', leads: 1 },
    ]);
  });

  it('gives the median time to first response per agent (who answered, else the assignee)', async () => {
    const { firstResponse } = (await admin.get(MARCH)).body.data;
    expect(firstResponse).toEqual({
      available: true,
      perAgent: [
        { agentId: ana.id, name: 'ana Test', responded: 3, medianSeconds: 1200 },
        { agentId: bruno.id, name: 'bruno Test', responded: 1, medianSeconds: 60 },
      ],
    });
  });

  it('reads the days in the zone asked for', async () => {
    const report = (await admin.get('/grupozap/reports?from=2025-03-01&to=2025-03-31&tz=UTC')).body.data;
    expect(report.total).toBe(6); // L6 comes in, L5 goes out
    const days = Object.fromEntries(
      report.perDay
        .filter((row: { leads: number }) => row.leads)
        .map((row: { day: string; leads: number }) => [row.day, row.leads])
    );
    expect(days).toEqual({ '2025-03-01': 2, '2025-03-02': 2, '2025-03-15': 1, '2025-03-31': 1 });
    expect(report.firstResponse.perAgent.find((row: { agentId: number }) => row.agentId === ana.id)).toMatchObject({
      responded: 2,
      medianSeconds: 900,
    });
  });

  it('defaults to the last 30 days in the CRM’s zone', async () => {
    const report = (await admin.get('/grupozap/reports')).body.data;
    expect(report.timeZone).toBe('America/Sao_Paulo');
    expect(report.perDay).toHaveLength(30);
    expect(report.to).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date()));
    expect(report.total).toBe(0);
  });

  it('refuses a bad period with 400', async () => {
    for (const query of [
      'from=2025-03-31&to=2025-03-01',
      'from=2025-13-01',
      'from=2024-01-01&to=2025-03-01',
      'tz=Mars/Olympus',
      'from=01/03/2025',
      'x=1',
    ]) {
      expect((await admin.get(`/grupozap/reports?${query}`)).status).toBe(400);
    }
  });

  it('exports the report as CSV with a BOM', async () => {
    const res = await admin
      .get(MARCH.replace('/reports?', '/reports/export?'))
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="leads-report-2025-03-01-2025-03-31.csv"');
    const csv = res.body as string;
    expect(csv.startsWith('\uFEFFsection,key,label,leads,medianFirstResponseSeconds\n')).toBe(true);
    const lines = csv.trim().split('\n');
    // totals (leads, people), days, origins, advertisers, statuses, lost reasons (L5, lost without one), agents
    expect(lines).toHaveLength(1 + 2 + 31 + 4 + 3 + 7 + 1 + 2);
    expect(lines[1]).toBe('total,leads,leads,6,');
    expect(lines[2]).toMatch(/^total,people,people,\d+,$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        'day,2025-03-01,2025-03-01,2,',
        'origin,Grupo OLX,Grupo OLX,2,',
        `advertiser,${jardim.documentId},Jardim Imóveis,3,`,
        'advertiser,,,1,',
        'status,contacted,contacted,2,',
        'lostReason,,,1,',
        `agent,${ana.id},ana Test,3,1200`,
        `agent,${bruno.id},bruno Test,1,60`,
      ])
    );
  });

  it('keeps the report from Editors and Authors unless a role is given reports.read', async () => {
    for (const user of [ana, author]) {
      expect((await user.get(MARCH)).status).toBe(403);
      expect((await user.get('/grupozap/reports/export')).status).toBe(403);
    }
    const editorRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    await app.strapi
      .service('admin::role')
      .addPermissions(editorRole.id, [{ action: 'plugin::grupozap.reports.read', conditions: [] }]);
    expect((await ana.get(MARCH)).status).toBe(200);
  });
});
