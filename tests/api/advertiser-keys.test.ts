import { generateCnpj } from '@brazilian-utils/brazilian-utils';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp, strapiErrors } from '../helpers/strapi';

let app: TestApp;
let admin: AdminSession;

const MODEL = 'plugin::grupozap.advertiser';
const CM = `/content-manager/collection-types/${MODEL}`;
const LEAD_URL = '/api/grupozap/lead';

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'keys-admin');
  const settings = await admin.put('/grupozap/settings', {
    username: 'vivareal',
    publicUrl: 'https://crm.example.com',
    urlForm: 'path',
    zonelessTimezone: 'America/Sao_Paulo',
    allowedIps: [],
  });
  expect(settings.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

/** A lead posted by the portal to one advertiser URL key. */
const postLead = async (key: string) => {
  const body = freshLead();
  const res = await app
    .http()
    .post(`${LEAD_URL}/${encodeURIComponent(key)}`)
    .set('Content-Type', 'application/json')
    .auth('vivareal', TEST_SECRET)
    .send(JSON.stringify(body));
  return { res, originLeadId: String(body.originLeadId) };
};

/** The advertiser a lead was stored for, by its originLeadId. */
const advertiserOfLead = async (originLeadId: string): Promise<string | null> => {
  const [lead] = await leadsWithOriginId(app.strapi, originLeadId);
  return lead?.advertiser?.documentId ?? null;
};

/** Created and saved as an admin does in the Content Manager. */
const cmCreate = async (name: string, slug: string) => {
  const res = await admin.post(CM, { name, slug, document: generateCnpj(), active: true });
  expect(res.status).toBe(201);
  return res.body.data as { id: number; documentId: string; slug: string };
};

const cmRename = (documentId: string, slug: string) => admin.put(`${CM}/${documentId}`, { slug });

/** The field error of a refused Content Manager save. */
const fieldErrorOf = (res: {
  status: number;
  body: { error?: { details?: { errors?: { path: string[]; message: string }[] } } };
}) => {
  expect(res.status).toBe(400);
  return res.body.error?.details?.errors?.[0];
};

const keyRows = (where: Record<string, unknown>) =>
  app.strapi.db.query('plugin::grupozap.advertiser-key').findMany({ where, populate: { advertiser: { select: ['id'] } } });

describe('renaming an advertiser', () => {
  let casa: { id: number; documentId: string };

  beforeAll(async () => {
    casa = await cmCreate('Casa Azul', 'casa-azul');
    expect((await cmRename(casa.documentId, 'Casa-Azul-Imoveis')).status).toBe(200);
    const second = await cmRename(casa.documentId, 'azul');
    expect(second.status).toBe(200);
    expect(second.body.data.slug).toBe('azul');
  });

  it.each(['casa-azul', 'casa-azul-imoveis', 'azul'])('keeps delivering leads posted to /%s to it', async (key) => {
    const { res, originLeadId } = await postLead(key);
    expect(res.status).toBe(201);
    expect(res.body.code).toBe('LEAD_CREATED');
    expect(await advertiserOfLead(originLeadId)).toBe(casa.documentId);
  });

  it('matches former keys whatever their letter case, and counts a redelivery to another of its URLs', async () => {
    const body = freshLead();
    const send = (key: string) =>
      app
        .http()
        .post(`${LEAD_URL}/${key}`)
        .set('Content-Type', 'application/json')
        .auth('vivareal', TEST_SECRET)
        .send(JSON.stringify(body));
    expect((await send('CASA-Azul')).status).toBe(201);
    const again = await send('Casa-Azul-IMOVEIS');
    expect(again.status).toBe(200);
    expect(again.body.code).toBe('LEAD_DUPLICATE');
    expect(await advertiserOfLead(String(body.originLeadId))).toBe(casa.documentId);
  });

  it('reads current and former keys of concurrent deliveries in one query of the key table', async () => {
    const other = await createAdvertiser(app.strapi, { name: 'Outra', slug: 'outra', document: generateCnpj() });
    const queries: string[] = [];
    const listen = (query: { sql: string }) => queries.push(query.sql);
    app.strapi.db.connection.on('query', listen);
    const service = app.strapi.plugin('grupozap').service('advertisers');
    const found = await Promise.all(
      ['azul', 'CASA-AZUL', 'casa-azul-imoveis', 'outra', 'nobody-has-this'].map((key) => service.findByKey(key))
    );
    app.strapi.db.connection.off('query', listen);
    expect(found.map((advertiser: { documentId: string } | null) => advertiser?.documentId ?? null)).toEqual([
      casa.documentId,
      casa.documentId,
      casa.documentId,
      other.documentId,
      null,
    ]);
    const fromKeyTable = /\bfrom\s+(?:[`"]?\w+[`"]?\.)?[`"]?grupozap_advertiser_keys[`"]?(?:\s|$)/i;
    expect(queries.filter((sql) => fromKeyTable.test(sql))).toHaveLength(1);
  });

  it('lists the former URLs that still answer in the integration URL', async () => {
    const res = await admin.get(`/grupozap/advertisers/${casa.documentId}/integration-url`);
    expect(res.status).toBe(200);
    expect(res.body.data.url).toBe('https://crm.example.com/api/grupozap/lead/azul');
    expect(res.body.data.formerKeys.map((former: { slug: string; url: string }) => [former.slug, former.url])).toEqual([
      ['casa-azul-imoveis', 'https://crm.example.com/api/grupozap/lead/casa-azul-imoveis'],
      ['casa-azul', 'https://crm.example.com/api/grupozap/lead/casa-azul'],
    ]);
  });

  it.each([
    ['a former key', 'casa-azul'],
    ['a former key in other letters', ' Casa-Azul-Imoveis '],
    ['the current key', 'AZUL'],
  ])('refuses %s of it to another advertiser, on the slug field, naming the value', async (_, slug) => {
    const created = await admin.post(CM, { name: 'Intrusa', slug, document: generateCnpj(), active: true });
    const error = fieldErrorOf(created);
    expect(error?.path).toEqual(['slug']);
    expect(error?.message).toContain(`“${slug.trim().toLowerCase()}”`);

    const intrusa = await cmCreate('Intrusa', `intrusa-${Date.now()}`);
    const renamed = await cmRename(intrusa.documentId, slug);
    expect(fieldErrorOf(renamed)?.path).toEqual(['slug']);
    const stored = await app.strapi.db.query(MODEL).findOne({ where: { id: intrusa.id } });
    expect(stored.slug).toBe(intrusa.slug);
  });

  it('lets it take back one of its own former keys, and keeps the one it leaves', async () => {
    const back = await cmRename(casa.documentId, 'casa-azul');
    expect(back.status).toBe(200);
    const rows = await keyRows({ key: { $in: ['casa-azul', 'casa-azul-imoveis', 'azul'] } });
    expect(
      rows
        .map((row: { key: string; retiredAt: string | null; advertiser: { id: number } | null }) => [
          row.key,
          row.retiredAt === null,
          row.advertiser?.id,
        ])
        .sort()
    ).toEqual([
      ['azul', false, casa.id],
      ['casa-azul', true, casa.id],
      ['casa-azul-imoveis', false, casa.id],
    ]);
    for (const key of ['azul', 'casa-azul', 'casa-azul-imoveis']) {
      const { res, originLeadId } = await postLead(key);
      expect(res.status).toBe(201);
      expect(await advertiserOfLead(originLeadId)).toBe(casa.documentId);
    }
  });
});

describe('concurrent saves', () => {
  it('lets one of two advertisers created at once with the same slug have it, and refuses the other on the field', async () => {
    for (const slug of ['disputada', 'Disputada-2']) {
      const attempts = await Promise.allSettled(
        ['One', 'Two'].map((name) => createAdvertiser(app.strapi, { name, slug, document: generateCnpj() }))
      );
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
      const [lost] = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
      expect(lost.reason).toBeInstanceOf(strapiErrors.ValidationError);
      expect(lost.reason.details.errors[0].path).toEqual(['slug']);
      expect(await app.strapi.db.query(MODEL).count({ where: { slug: slug.toLowerCase() } })).toBe(1);
      expect(await keyRows({ key: slug.toLowerCase() })).toHaveLength(1);
    }
  });

  it('lets one of two advertisers renamed at once to the same slug have it', async () => {
    const one = await cmCreate('Rename One', 'rename-one');
    const two = await cmCreate('Rename Two', 'rename-two');
    const documents = app.strapi.documents(MODEL as never);
    const attempts = await Promise.allSettled(
      [one, two].map((advertiser) => documents.update({ documentId: advertiser.documentId, data: { slug: 'renamed' } } as never))
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const [lost] = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    expect(lost.reason.details.errors[0].path).toEqual(['slug']);
    const [row] = await keyRows({ key: 'renamed' });
    const winner = await app.strapi.db.query(MODEL).findOne({ where: { slug: 'renamed' } });
    expect(row.advertiser.id).toBe(winner.id);
    // the loser kept its slug and its key
    const loser = winner.id === one.id ? two : one;
    expect((await app.strapi.db.query(MODEL).findOne({ where: { id: loser.id } })).slug).toBe(loser.slug);
    expect((await keyRows({ key: loser.slug }))[0]).toMatchObject({ retiredAt: null, advertiser: { id: loser.id } });
  });
});

describe('deleting an advertiser', () => {
  const deleteRefusal = (res: { status: number; body: { error?: { message?: string; details?: { code?: string } } } }) => {
    expect(res.status).toBe(400);
    expect(res.body.error?.details?.code).toBe('ADVERTISER_HAS_LEADS');
    expect(res.body.error?.message).toMatch(/Deactivate it instead/);
    return res.body.error?.message;
  };

  it('is refused once it has received a lead, at any of its URLs', async () => {
    const sold = await cmCreate('Vendida', 'vendida');
    expect((await cmRename(sold.documentId, 'vendida-2')).status).toBe(200);
    expect((await postLead('vendida')).res.status).toBe(201);

    const message = deleteRefusal(await admin.delete(`${CM}/${sold.documentId}`));
    expect(message).toContain('Vendida');
    expect(await app.strapi.db.query(MODEL).count({ where: { id: sold.id } })).toBe(1);
  });

  it('is refused once the portal posted to it, even if no lead was stored (deactivated)', async () => {
    const closed = await cmCreate('Fechada', 'fechada');
    expect((await admin.put(`${CM}/${closed.documentId}`, { active: false })).status).toBe(200);
    expect((await postLead('FECHADA')).res.status).toBe(404);
    expect(await deliveriesFor(app.strapi, { advertiserKey: 'FECHADA' })).toHaveLength(1);

    deleteRefusal(await admin.delete(`${CM}/${closed.documentId}`));
    expect(await app.strapi.db.query(MODEL).count({ where: { id: closed.id } })).toBe(1);
  });

  it('refuses a bulk delete that includes one, and deletes none of them', async () => {
    const clean = await cmCreate('Limpa', 'limpa-bulk');
    const used = await cmCreate('Usada', 'usada-bulk');
    expect((await postLead('usada-bulk')).res.status).toBe(201);
    deleteRefusal(await admin.post(`${CM}/actions/bulkDelete`, { documentIds: [clean.documentId, used.documentId] }));
    expect(await app.strapi.db.query(MODEL).count({ where: { id: { $in: [clean.id, used.id] } } })).toBe(2);
  });

  it('deletes one the portal never posted to, and keeps its keys reserved', async () => {
    const typo = await cmCreate('Erro de digitação', 'erro');
    expect((await cmRename(typo.documentId, 'erro-2')).status).toBe(200);
    const deleted = await admin.delete(`${CM}/${typo.documentId}`);
    expect(deleted.status).toBe(200);
    expect(await app.strapi.db.query(MODEL).count({ where: { id: typo.id } })).toBe(0);

    const rows = await keyRows({ key: { $in: ['erro', 'erro-2'] } });
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ advertiser: null, retiredAt: expect.anything() });

    const { res } = await postLead('erro-2');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ADVERTISER_NOT_FOUND');

    const error = fieldErrorOf(
      await admin.post(CM, { name: 'Sucessora', slug: 'erro-2', document: generateCnpj(), active: true })
    );
    expect(error?.path).toEqual(['slug']);
    expect(error?.message).toMatch(/“erro-2” was the URL key of a deleted advertiser/);
  });

  it('deletes several the portal never posted to at once', async () => {
    const first = await cmCreate('Bulk One', 'bulk-one');
    const second = await cmCreate('Bulk Two', 'bulk-two');
    const res = await admin.post(`${CM}/actions/bulkDelete`, { documentIds: [first.documentId, second.documentId] });
    expect(res.status).toBe(200);
    expect(await app.strapi.db.query(MODEL).count({ where: { id: { $in: [first.id, second.id] } } })).toBe(0);
  });
});

describe('advertisers without a key row (saved without the Document Service)', () => {
  it('are found by their slug, and get their row on their next save', async () => {
    const document = generateCnpj();
    const raw = await app.strapi.db.query(MODEL).create({ data: { name: 'Direta', slug: 'direta', document, active: true } });
    const { res, originLeadId } = await postLead('Direta');
    expect(res.status).toBe(201);
    expect(await advertiserOfLead(originLeadId)).toBe(raw.documentId);
    // its slug is refused to others though it has no row
    expect(
      fieldErrorOf(await admin.post(CM, { name: 'Outra', slug: 'direta', document: generateCnpj(), active: true }))?.path
    ).toEqual(['slug']);

    expect((await cmRename(raw.documentId, 'direta-nova')).status).toBe(200);
    expect((await keyRows({ key: { $in: ['direta', 'direta-nova'] } })).map((row: { key: string }) => row.key).sort()).toEqual([
      'direta',
      'direta-nova',
    ]);
    expect((await postLead('direta')).res.status).toBe(201);
  });
});
