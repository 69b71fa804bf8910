import type { Core } from '@strapi/strapi';

/**
 * Every table of the database, every column (whatever its type), searched with SQL for each
 * needle, any case: `table.column ← needle` for each hit. Tables are listed from the catalog.
 */
export const traces = async (strapi: Core.Strapi, needles: string[]): Promise<string[]> => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  const columnsByTable = new Map<string, string[]>();
  if (client === 'sqlite') {
    const tables: Array<{ name: string }> = await knex.raw(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    );
    for (const { name } of tables) {
      const columns: Array<{ name: string }> = await knex.raw(`PRAGMA table_info(${JSON.stringify(name)})`);
      columnsByTable.set(
        name,
        columns.map((column) => column.name)
      );
    }
  } else {
    const schemaFilter = client === 'postgres' ? 'table_schema = current_schema()' : 'table_schema = DATABASE()';
    const result = await knex.raw(
      `SELECT c.table_name AS t, c.column_name AS c FROM information_schema.columns c
         JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
        WHERE c.${schemaFilter} AND tb.table_type = 'BASE TABLE'`
    );
    const rows: Array<{ t?: string; c?: string; T?: string; C?: string }> = client === 'postgres' ? result.rows : result[0];
    for (const row of rows) {
      const table = (row.t ?? row.T) as string;
      columnsByTable.set(table, [...(columnsByTable.get(table) ?? []), (row.c ?? row.C) as string]);
    }
  }
  expect(columnsByTable.size).toBeGreaterThan(20); // Strapi's own tables and ours: the catalog was read
  expect([...columnsByTable.keys()]).toEqual(
    expect.arrayContaining(['grupozap_leads', 'grupozap_deliveries', 'grupozap_notes', 'grupozap_privacy_audits'])
  );

  const asText = client === 'mysql' ? 'CHAR' : client === 'postgres' ? 'TEXT' : 'TEXT';
  const hits: string[] = [];
  for (const [table, columns] of columnsByTable) {
    for (const column of columns) {
      const conditions = needles.map(() => `LOWER(CAST(?? AS ${asText})) LIKE ?`).join(' OR ');
      const bindings = needles.flatMap((needle) => [column, `%${needle.toLowerCase()}%`]);
      const [{ count }] = await knex(table).count({ count: '*' }).whereRaw(`(${conditions})`, bindings);
      if (Number(count) > 0) {
        for (const needle of needles) {
          const [{ count: one }] = await knex(table)
            .count({ count: '*' })
            .whereRaw(`LOWER(CAST(?? AS ${asText})) LIKE ?`, [column, `%${needle.toLowerCase()}%`]);
          if (Number(one) > 0) hits.push(`${table}.${column} ← ${needle}`);
        }
      }
    }
  }
  return hits;
};
