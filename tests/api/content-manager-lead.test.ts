import { LEAD_CONTENT_MANAGER, leadEditViewBody, loginAs, type AdminSession } from '../helpers/admin-users';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/** A lead edited in the Content Manager, saved the way its edit view saves it. */
const CM = LEAD_CONTENT_MANAGER;
const LEAD = 'plugin::grupozap.lead';

let app: TestApp;
let admin: AdminSession;

const deliverLead = async () => {
  const res = await app
    .http()
    .post('/api/grupozap/lead/jardim')
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', { clientListingId: 'JDA-4821' }));
  expect(res.status).toBe(201);
  return res.body.leadId as string;
};

/** What the edit view sends back when saved (tests/helpers/admin-users.ts). */
const editViewBody = (documentId: string, changes: Record<string, unknown>) => leadEditViewBody(admin, documentId, changes);

const stored = (documentId: string) =>
  app.strapi.db
    .query(LEAD)
    .findOne({ where: { documentId }, populate: { firstResponder: { select: ['id'] }, deliveries: { select: ['id'] } } });

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId, title: 'Casa no Jardim' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
});

afterAll(async () => {
  await app?.stop();
});

it('shows the lead with its status under leadStatus', async () => {
  const documentId = await deliverLead();
  const res = await admin.get(`${CM}/${documentId}`);
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ documentId, leadStatus: 'new' });
});

it('saves the status and the other fields, and records the first response as the inbox does', async () => {
  const documentId = await deliverLead();
  const before = await stored(documentId);
  expect(before).toMatchObject({ leadStatus: 'new', firstRespondedAt: null, firstResponder: null });

  const res = await admin.put(
    `${CM}/${documentId}`,
    await editViewBody(documentId, { leadStatus: 'contacted', name: 'Carla Souza Lima', temperature: 'Média' })
  );
  expect(res.status).toBe(200);
  expect(res.body.data).toMatchObject({ leadStatus: 'contacted', name: 'Carla Souza Lima', temperature: 'Média' });

  const after = await stored(documentId);
  expect(after).toMatchObject({
    leadStatus: 'contacted',
    name: 'Carla Souza Lima',
    temperature: 'Média',
    originLeadId: before.originLeadId,
    firstResponder: { id: admin.id },
  });
  expect(after.payload).toEqual(before.payload);
  expect(after.deliveries).toHaveLength(before.deliveries.length);
  expect(after.firstRespondedAt).not.toBeNull();
  expect(after.firstResponseSeconds).toBeGreaterThanOrEqual(0);
  expect(after.firstResponseSeconds).toBeLessThan(120);

  // the inbox shows it under the API's name
  const inbox = await admin.get(`/grupozap/leads/${documentId}`);
  expect(inbox.body.data).toMatchObject({ status: 'contacted', name: 'Carla Souza Lima', firstResponder: { id: admin.id } });
  expect(inbox.body.data.leadStatus).toBeUndefined();

  // a later save keeps the first response
  const later = await admin.put(`${CM}/${documentId}`, await editViewBody(documentId, { leadStatus: 'qualified' }));
  expect(later.status).toBe(200);
  const kept = await stored(documentId);
  expect(kept).toMatchObject({
    leadStatus: 'qualified',
    firstResponseSeconds: after.firstResponseSeconds,
    firstResponder: { id: admin.id },
  });
  expect(new Date(kept.firstRespondedAt).getTime()).toBe(new Date(after.firstRespondedAt).getTime());
});

it('saves a lead left new without recording a response', async () => {
  const documentId = await deliverLead();
  const res = await admin.put(`${CM}/${documentId}`, await editViewBody(documentId, { message: 'Ligar depois das 18h' }));
  expect(res.status).toBe(200);
  expect(await stored(documentId)).toMatchObject({
    leadStatus: 'new',
    message: 'Ligar depois das 18h',
    firstRespondedAt: null,
    firstResponder: null,
  });
});

it('refuses a status outside the funnel, naming the field', async () => {
  const documentId = await deliverLead();
  const res = await admin.put(`${CM}/${documentId}`, await editViewBody(documentId, { leadStatus: 'maybe' }));
  expect(res.status).toBe(400);
  expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: ['leadStatus'] })]);
  expect(await stored(documentId)).toMatchObject({ leadStatus: 'new', firstRespondedAt: null });
});
