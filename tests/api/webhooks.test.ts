import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

interface Received {
  event: string;
  lead: {
    documentId: string;
    originLeadId: string;
    status: string;
    advertiser: { slug: string } | null;
    assignee: { id: number } | null;
  };
}

let app: TestApp;
let admin: AdminSession;
let receiver: http.Server;
const received: Received[] = [];
/** The receiver answers slowly, as a real CRM integration may. */
const RECEIVER_DELAY_MS = 1500;

const waitFor = async <T>(find: () => T | undefined, ms = 8000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > until) throw new Error('timed out waiting for a webhook');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(JSON.parse(body) as Received);
      setTimeout(() => res.end('ok'), RECEIVER_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));

  app = await startTestApp();
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'hooks');
  const webhook = await admin.post('/admin/webhooks', {
    name: 'CRM forward',
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    headers: {},
    events: ['grupozap-lead.created', 'grupozap-lead.updated', 'grupozap-lead.assigned'],
  });
  expect(webhook.status).toBe(201);
});

afterAll(async () => {
  await app?.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

it('offers the lead events in Settings → Webhooks', async () => {
  const store = app.strapi.get('webhookStore') as { listAllowedEvents(): string[] };
  expect(store.listAllowedEvents()).toEqual(
    expect.arrayContaining(['GRUPOZAP_LEAD_CREATED', 'GRUPOZAP_LEAD_UPDATED', 'GRUPOZAP_LEAD_ASSIGNED'])
  );
});

it('sends grupozap-lead.created once per lead, after answering the portal', async () => {
  const body = freshLead();
  const started = Date.now();
  const res = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);
  expect(res.status).toBe(201);
  // the slow receiver is not waited for
  expect(Date.now() - started).toBeLessThan(RECEIVER_DELAY_MS);

  const event = await waitFor(() => received.find((entry) => entry.lead.originLeadId === body.originLeadId));
  expect(event).toMatchObject({
    event: 'grupozap-lead.created',
    lead: { documentId: res.body.leadId, status: 'new', advertiser: { slug: 'jardim' } },
  });

  expect((await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body)).status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(received.filter((entry) => entry.lead.originLeadId === body.originLeadId)).toHaveLength(1);
});

it('sends grupozap-lead.updated and grupozap-lead.assigned when an agent works the lead', async () => {
  const body = freshLead();
  const res = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);
  await admin.put(`/grupozap/leads/${res.body.leadId}`, { status: 'contacted', assignee: admin.id }).expect(200);
  const mine = () => received.filter((entry) => entry.lead.originLeadId === body.originLeadId);
  await waitFor(() => (mine().length >= 3 ? true : undefined));
  expect(
    mine()
      .map((entry) => entry.event)
      .sort()
  ).toEqual(['grupozap-lead.assigned', 'grupozap-lead.created', 'grupozap-lead.updated']);
  expect(mine().find((entry) => entry.event === 'grupozap-lead.assigned')?.lead).toMatchObject({
    status: 'contacted',
    assignee: { id: admin.id },
  });
});
