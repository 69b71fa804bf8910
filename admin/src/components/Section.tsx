import type * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';

/** A white card with a heading, as Strapi's own settings pages group their fields. */
export const Section = ({ title, subtitle, children }: { title: string; subtitle?: string; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" paddingTop={6} paddingBottom={6} paddingLeft={7} paddingRight={7}>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {subtitle && <Typography textColor="neutral600">{subtitle}</Typography>}
      </Flex>
      {children}
    </Flex>
  </Box>
);
