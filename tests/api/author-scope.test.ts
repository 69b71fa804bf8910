import { parse } from 'csv-parse/sync';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * An Author reads and works the leads assigned to them only ("Is assignee"): every answer they
 * get — a lead's neighbours, the inbox's options, counts, exports — is computed from those leads,
 * and names nothing of the others.
 */
const LEAD = 'plugin::grupozap.lead';

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;
let author: AdminSession;
let jardim: SeededAdvertiser;
let praia: SeededAdvertiser;

/** Newest first: OTHER_NEW, MINE_NEW, OTHER_OLD, MINE_OLD. */
const SEEDS = {
  MINE_OLD: {
    advertiser: 'jardim',
    origin: 'Zap',
    temperature: 'Alta',
    receivedAt: '2026-01-01T10:00:00Z',
    assignee: () => author.id,
  },
  OTHER_OLD: {
    advertiser: 'praia',
    origin: 'VivaReal',
    temperature: 'Baixa',
    receivedAt: '2026-01-02T10:00:00Z',
    assignee: () => editor.id,
  },
  MINE_NEW: {
    advertiser: 'jardim',
    origin: 'Zap',
    temperature: 'Alta',
    receivedAt: '2026-01-03T10:00:00Z',
    assignee: () => author.id,
  },
  OTHER_NEW: {
    advertiser: 'praia',
    origin: 'Grupo OLX',
    temperature: 'Média',
    receivedAt: '2026-01-04T10:00:00Z',
    assignee: () => null,
  },
} as const;
type Key = keyof typeof SEEDS;
const ids = {} as Record<Key, string>;

beforeAll(async () => {
  app = await startTestApp();
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  praia = await createAdvertiser(app.strapi, { name: 'Praia Imóveis', slug: 'praia', document: '11444777000161' });
  await createListing(app.strapi, { clientListingId: 'JDA-1', advertiser: jardim.documentId });
  await createListing(app.strapi, { clientListingId: 'PRA-1', advertiser: praia.documentId });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
  author = await loginAs(app.strapi, 'strapi-author', 'author');

  for (const [key, seed] of Object.entries(SEEDS) as Array<[Key, (typeof SEEDS)[Key]]>) {
    const body = freshLead('grupo-olx-current.json', {
      name: `Pessoa ${key}`,
      email: `${key.toLowerCase()}@example.com`,
      leadOrigin: seed.origin,
      temperature: seed.temperature,
      clientListingId: seed.advertiser === 'jardim' ? 'JDA-1' : 'PRA-1',
    });
    const res = await app.http().post(`/api/grupozap/lead/${seed.advertiser}`).auth('vivareal', TEST_SECRET).send(body);
    expect(res.status).toBe(201);
    ids[key] = res.body.leadId;
    await app.strapi.db.query(LEAD).update({
      where: { documentId: ids[key] },
      data: { receivedAt: new Date(seed.receivedAt), assignee: seed.assignee() },
    });
  }
});

afterAll(async () => {
  await app?.stop();
});

const documentIdsOf = (results: Array<{ documentId: string }>) => results.map((lead) => lead.documentId);

describe('a lead and its neighbours', () => {
  it('steps an Author through their own leads only', async () => {
    const res = await author.get(`/grupozap/leads/${ids.MINE_NEW}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ previous: null, next: ids.MINE_OLD });
    // an Editor sees every lead between
    expect((await editor.get(`/grupozap/leads/${ids.MINE_NEW}`)).body.data).toMatchObject({
      previous: ids.OTHER_NEW,
      next: ids.OTHER_OLD,
    });
  });

  it('answers a change with the neighbours among the Author\u2019s leads', async () => {
    const res = await author.put(`/grupozap/leads/${ids.MINE_NEW}`, { status: 'contacted' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: ids.MINE_NEW, status: 'contacted', previous: null, next: ids.MINE_OLD });
    const editorChange = await editor.put(`/grupozap/leads/${ids.MINE_OLD}`, { status: 'contacted' });
    expect(editorChange.body.data).toMatchObject({ previous: ids.OTHER_OLD, next: null });
  });

  it('still answers with the lead an Author hands over, and no neighbour of the others', async () => {
    const res = await author.put(`/grupozap/leads/${ids.MINE_OLD}`, { assignee: editor.id });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      documentId: ids.MINE_OLD,
      assignee: { id: editor.id },
      previous: ids.MINE_NEW,
      next: null,
    });
    // it is no longer theirs
    expect((await author.get(`/grupozap/leads/${ids.MINE_OLD}`)).status).toBe(404);
    await admin.put(`/grupozap/leads/${ids.MINE_OLD}`, { assignee: author.id });
  });
});

describe('inbox options', () => {
  it('offers an Author the advertisers, origins, temperatures and users of their leads only', async () => {
    const res = await author.get('/grupozap/inbox/options');
    expect(res.status).toBe(200);
    const options = res.body.data;
    expect(options.advertisers.map((advertiser: { slug: string }) => advertiser.slug)).toEqual(['jardim']);
    expect(options.origins).toEqual(['Zap']);
    expect(options.temperatures).toEqual(['Alta']);
    expect(options.assignees.map((user: { id: number }) => user.id)).toEqual([author.id]);
    expect(JSON.stringify(options)).not.toMatch(/praia|VivaReal|Grupo OLX|Baixa|editor@|super@/i);
  });

  it('names no colleague to an Author unless a lead of theirs does', async () => {
    const extra = await loginAs(app.strapi, 'strapi-author', 'colleague');
    await app.strapi.db.query(LEAD).update({ where: { documentId: ids.OTHER_NEW }, data: { assignee: extra.id } });
    try {
      // not the Author's lead: the colleague stays unknown to them
      expect((await author.get('/grupozap/inbox/options')).body.data.assignees.map((user: { id: number }) => user.id)).toEqual([
        author.id,
      ]);
      await app.strapi.db.query(LEAD).update({ where: { documentId: ids.OTHER_NEW }, data: { assignee: null } });
      await app.strapi.db.query(LEAD).update({ where: { documentId: ids.MINE_NEW }, data: { assignee: extra.id } });
      expect((await extra.get('/grupozap/inbox/options')).body.data.assignees.map((user: { id: number }) => user.id)).toEqual([
        extra.id,
      ]);
    } finally {
      await app.strapi.db.query(LEAD).update({ where: { documentId: ids.MINE_NEW }, data: { assignee: author.id } });
      await app.strapi.db.query(LEAD).update({ where: { documentId: ids.OTHER_NEW }, data: { assignee: null } });
    }
  });

  it('offers an Editor everything', async () => {
    const options = (await editor.get('/grupozap/inbox/options')).body.data;
    expect(options.advertisers.map((advertiser: { slug: string }) => advertiser.slug).sort()).toEqual(['jardim', 'praia']);
    expect(options.origins).toEqual(['Grupo OLX', 'VivaReal', 'Zap']);
    expect(options.assignees.map((user: { id: number }) => user.id)).toEqual(
      expect.arrayContaining([admin.id, editor.id, author.id])
    );
  });
});

describe('counts and exports', () => {
  it('counts an Author\u2019s leads only, with or without a search', async () => {
    const all = await author.post('/grupozap/leads/search', {});
    expect(all.body.pagination).toMatchObject({ total: 2, totalIsExact: true });
    expect(documentIdsOf(all.body.results)).toEqual([ids.MINE_NEW, ids.MINE_OLD]);
    const searched = await author.post('/grupozap/leads/search', { q: 'example.com', pageSize: 1 });
    expect(searched.body.pagination).toMatchObject({ total: 2, pageCount: 2 });
    expect((await author.get(`/grupozap/leads?advertiser=${praia.documentId}`)).body.pagination.total).toBe(0);
  });

  it('exports an Author\u2019s leads only, once given the export', async () => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } });
    // the export without a condition: the read scope still applies
    await app.strapi
      .service('admin::role')
      .addPermissions(role.id, [{ action: 'plugin::grupozap.leads.export', conditions: [] }]);
    const res = await author.post('/grupozap/leads/export', {}).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    const rows: Array<Record<string, string>> = parse(res.body.data.csv, { bom: true, columns: true });
    expect(rows.map((row) => row.name).sort()).toEqual(['Pessoa MINE_NEW', 'Pessoa MINE_OLD']);
    expect(res.body.data.csv).not.toContain('OTHER');
  });
});
