import * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { displayText } from '../../utils/displayText';
import { ClippedText } from './ClippedText';

/**
 * One labelled value (its label above, as the admin's read-only fields). `children` is an element
 * or any value of the lead: a value is shown as text, whatever JSON the portal put there.
 */
export const Detail = ({ label, children }: { label: string; children?: unknown }) => {
  const shown = React.isValidElement(children) ? children : displayText(children === false ? null : children);
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      <Typography variant="sigma" textColor="neutral600" tag="dt">
        {label}
      </Typography>
      <Typography textColor="neutral800" tag="dd" style={{ margin: 0, overflowWrap: 'anywhere' }}>
        {shown === '' ? (
          <Typography textColor="neutral500">–</Typography>
        ) : typeof shown === 'string' ? (
          <ClippedText text={shown} />
        ) : (
          shown
        )}
      </Typography>
    </Flex>
  );
};
