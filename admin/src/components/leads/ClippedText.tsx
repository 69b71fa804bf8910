import * as React from 'react';
import { Box, Button } from '@strapi/design-system';
import { useTranslate } from '../../hooks/useTranslate';

/**
 * Characters of a lead's value shown before "Show all". The portal's values have no size limit
 * beside the body's: laying out a long unbroken run of a joined script (30,000 Arabic letters)
 * takes the browser seconds, and the page was frozen that long every time it opened.
 */
export const CLIP_AT = 3_000;

/** `text` as text, cut at CLIP_AT characters (never inside an emoji) with a button showing the rest. */
export const ClippedText = ({ text }: { text: string }) => {
  const t = useTranslate('leads');
  // the whole of this very text: the next lead's value starts clipped again
  const [wholeOf, setWholeOf] = React.useState<string | null>(null);
  if (text.length <= CLIP_AT || wholeOf === text) return <>{text}</>;
  const end = /[\uD800-\uDBFF]/.test(text[CLIP_AT - 1]) ? CLIP_AT - 1 : CLIP_AT;
  return (
    <>
      {`${text.slice(0, end)}…`}
      <Box tag="span" display="block" paddingTop={2}>
        <Button variant="tertiary" size="S" onClick={() => setWholeOf(text)}>
          {t('lead.showAll', 'Show all {count, number} characters', { count: text.length })}
        </Button>
      </Box>
    </>
  );
};
