import type { Core, UID as StrapiUID } from '@strapi/strapi';

interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  inverseOrderColumnName?: string;
}

interface CreatedRow {
  id: number;
  documentId: string;
}

/**
 * Creates one row through the Query Engine (its lifecycles, defaults and value conversion) but
 * without the read-back that `create` does: the row's documentId is made here with the model's
 * own generator, so the caller knows both ids. Relations are not written: see `insertLink`.
 */
export const createRow = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  data: Record<string, unknown>
): Promise<CreatedRow> => {
  const newDocumentId = (strapi.db.metadata.get(uid).attributes.documentId as unknown as { default: () => string }).default;
  const documentId = newDocumentId();
  const { ids } = await strapi.db.query(uid).createMany({ data: [{ ...data, documentId }] });
  const id = Number(ids[0]);
  if (!Number.isInteger(id)) throw new Error(`${uid}: the database gave no id for the new row`);
  return { id, documentId };
};

/**
 * Links a new row to one target of a many-to-one relation. Through the Query Engine the link
 * would first compute max(order) over every row already linked to that target, which slows
 * down as rows pile up; the new row's id gives the same increasing order. Joins the current
 * transaction, if any.
 */
export const insertLink = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  relation: string,
  ownerId: number,
  targetId: number
): Promise<void> => {
  await strapi.db.transaction(async ({ trx }) => {
    const table = (strapi.db.metadata.get(uid).attributes[relation] as unknown as { joinTable: LinkTable }).joinTable;
    await strapi.db
      .getConnection(table.name)
      .transacting(trx)
      .insert({
        [table.joinColumn.name]: ownerId,
        [table.inverseJoinColumn.name]: targetId,
        ...(table.inverseOrderColumnName ? { [table.inverseOrderColumnName]: ownerId } : {}),
      });
  });
};
