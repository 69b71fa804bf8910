import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { modelTable } from './model-table';

export interface CreatedRow {
  id: number;
  documentId: string;
}

/** A new documentId, from the model's own generator (the default Strapi gives the attribute). */
const newDocumentId = (strapi: Core.Strapi, uid: StrapiUID.Schema): string =>
  (strapi.db.metadata.get(uid).attributes.documentId as unknown as { default: () => string }).default();

/**
 * Creates rows through the Query Engine (its lifecycles, defaults and value conversion: one
 * `createMany`, one INSERT) but without the read-back of `create`. Each row gets its documentId
 * here, so that the ids can be found again whatever the database returns from a multi-row
 * insert (MySQL gives only the first id). Relations are not written: see `insertLinks`.
 */
export const createRows = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  rows: Record<string, unknown>[]
): Promise<CreatedRow[]> => {
  const data = rows.map((row) => ({ ...row, documentId: newDocumentId(strapi, uid) }));
  const { ids } = await strapi.db.query(uid).createMany({ data });
  if (data.length === 1) {
    const id = Number(ids[0]);
    if (!Number.isInteger(id)) throw new Error(`${uid}: the database gave no id for the new row`);
    return [{ id, documentId: data[0].documentId }];
  }
  const found: CreatedRow[] = await strapi.db.query(uid).findMany({
    where: { documentId: { $in: data.map((row) => row.documentId) } },
    select: ['id', 'documentId'],
  });
  const idOf = new Map(found.map((row) => [row.documentId, row.id]));
  return data.map(({ documentId }) => {
    const id = idOf.get(documentId);
    if (id === undefined) throw new Error(`${uid}: a new row was not found after its insert`);
    return { id, documentId };
  });
};

/**
 * Inserts rows through the Query Engine in one statement, when nothing needs their ids back
 * (log rows): `createRows` without the look-up that finds a multi-row insert's ids.
 */
export const insertRows = async (strapi: Core.Strapi, uid: StrapiUID.Schema, rows: Record<string, unknown>[]): Promise<void> => {
  if (!rows.length) return;
  await strapi.db.query(uid).createMany({ data: rows.map((row) => ({ ...row, documentId: newDocumentId(strapi, uid) })) });
};

/**
 * Links new rows to their targets of a many-to-one relation, in one INSERT. Through the Query
 * Engine each link would first compute max(order) over every row already linked to its target,
 * which slows down as rows pile up; the new row's id gives the same increasing order. Joins the
 * current transaction, if any.
 */
export const insertLinks = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  relation: string,
  links: { ownerId: number; targetId: number }[]
): Promise<void> => {
  if (!links.length) return;
  const table = modelTable(strapi, uid).link(relation);
  if (!table) throw new Error(`${uid}.${relation} has no link table`);
  await strapi.db.transaction(async ({ trx }) => {
    await strapi.db
      .getConnection(table.name)
      .transacting(trx)
      .insert(
        links.map(({ ownerId, targetId }) => ({
          [table.joinColumn.name]: ownerId,
          [table.inverseJoinColumn.name]: targetId,
          ...(table.inverseOrderColumnName ? { [table.inverseOrderColumnName]: ownerId } : {}),
        }))
      );
  });
};
