import { Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { useTranslate } from '../../hooks/useTranslate';
import { useListingMirrorQuery } from '../../services/listing-source';

/** The Listing content type, as the Content Manager names it in its URLs and props. */
export const LISTING_MODEL = 'plugin::grupozap.listing';

/** What the Content Manager gives its edit-view side panels (see its `PanelComponentProps`). */
interface PanelProps {
  model: string;
  documentId?: string;
  document?: { updatedAt?: unknown };
}

/**
 * A Listing that mirrors one of the app's properties (`listingSource`): which property, a link to
 * its edit view, and the fields the server refuses to change here (the mirror would overwrite them).
 * Nothing for a Listing typed by hand. A panel is called as a hook: the query runs for every model
 * and is skipped for all but Listings.
 */
export const ListingMirrorPanel = ({ model, documentId, document }: PanelProps) => {
  const t = useTranslate('listing.mirror');
  const isListing = model === LISTING_MODEL && Boolean(documentId);
  const { currentData: view } = useListingMirrorQuery(
    { documentId: documentId ?? '', revision: String(document?.updatedAt ?? '') },
    { skip: !isListing, refetchOnMountOrArgChange: true }
  );
  if (!isListing || !view?.property) return null;
  const { property, guardedFields } = view;
  return {
    title: t('title', 'Mirrored property'),
    content: (
      <Flex direction="column" alignItems="stretch" gap={2} data-testid="listing-mirror">
        <Typography textColor="warning600">
          {t('notice', 'This listing mirrors the property “{title}”: edit the property, not this listing.', {
            title: property.title,
          })}
        </Typography>
        <Link tag={NavLink} to={property.editPath}>
          {t('open', 'Open the property')}
        </Link>
        <Typography variant="pi" textColor="neutral600" style={{ overflowWrap: 'anywhere' }}>
          {t('fields', 'Kept in step by the property (a change here is refused): {fields}.', {
            fields: guardedFields.join(', '),
          })}
        </Typography>
      </Flex>
    ),
  };
};
