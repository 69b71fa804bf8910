import type { Core } from '@strapi/strapi';
import supertest from 'supertest';

export interface AdminSession {
  id: number;
  email: string;
  /** A supertest request with this user's admin token. */
  get(path: string): supertest.Test;
  post(path: string, body?: object): supertest.Test;
  put(path: string, body?: object): supertest.Test;
  delete(path: string): supertest.Test;
}

const PASSWORD = 'Test-Password-1234';

/** An active admin user with one of Strapi's default roles, logged in through /admin/login. */
export const loginAs = async (
  strapi: Core.Strapi,
  roleCode: 'strapi-super-admin' | 'strapi-editor' | 'strapi-author',
  name: string
): Promise<AdminSession> => {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  const email = `${name}@example.com`;
  const user = await strapi.service('admin::user').create({
    email,
    firstname: name,
    lastname: 'Test',
    password: PASSWORD,
    isActive: true,
    roles: [role.id],
  });
  const http = () => supertest(strapi.server.httpServer);
  const login = await http().post('/admin/login').send({ email, password: PASSWORD });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = `Bearer ${login.body.data.token}`;
  return {
    id: user.id,
    email,
    get: (path) => http().get(path).set('Authorization', token),
    post: (path, body = {}) => http().post(path).set('Authorization', token).send(body),
    put: (path, body = {}) => http().put(path).set('Authorization', token).send(body),
    delete: (path) => http().delete(path).set('Authorization', token),
  };
};

/**
 * What a Content Manager edit view sends back when saved: every field it showed (as the CM answered
 * them) but the system ones (`omit`), its relations as unchanged connect lists, then `changes`.
 */
export const contentManagerEditBody = async (
  admin: AdminSession,
  path: string,
  { relations, omit }: { relations: string[]; omit: string[] },
  changes: Record<string, unknown>
): Promise<Record<string, unknown>> => {
  const shown = await admin.get(path);
  expect(shown.status).toBe(200);
  const fields = Object.fromEntries(
    Object.entries(shown.body.data as Record<string, unknown>).filter(([key]) => !omit.includes(key) && !relations.includes(key))
  );
  const unchanged = Object.fromEntries(relations.map((name) => [name, { connect: [], disconnect: [] }]));
  return { ...fields, ...unchanged, ...changes };
};

/** The Content Manager's URL of the plugin's leads. */
export const LEAD_CONTENT_MANAGER = '/content-manager/collection-types/plugin::grupozap.lead';

/** What the lead's edit view shows as relations, and the system fields it does not send back. */
const LEAD_EDIT_VIEW = {
  relations: ['advertiser', 'listing', 'assignee', 'firstResponder', 'deliveries', 'notes'],
  omit: [
    'id',
    'documentId',
    'createdAt',
    'updatedAt',
    'publishedAt',
    'createdBy',
    'updatedBy',
    'locale',
    'localizations',
    'status',
  ],
};

/** What the lead's edit view sends back when `admin` saves it with `changes`. */
export const leadEditViewBody = (admin: AdminSession, documentId: string, changes: Record<string, unknown>) =>
  contentManagerEditBody(admin, `${LEAD_CONTENT_MANAGER}/${documentId}`, LEAD_EDIT_VIEW, changes);
