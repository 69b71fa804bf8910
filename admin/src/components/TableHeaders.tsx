import { Th, Thead, Tr, Typography } from '@strapi/design-system';

/** The header row of a Design System table, in the admin's small-caps style. */
export const TableHeaders = ({ labels }: { labels: string[] }) => (
  <Thead>
    <Tr>
      {labels.map((label) => (
        <Th key={label}>
          <Typography variant="sigma" textColor="neutral600">
            {label}
          </Typography>
        </Th>
      ))}
    </Tr>
  </Thead>
);
