import type { ReactNode } from 'react';
import { Page, useAuth } from '@strapi/strapi/admin';

/**
 * Renders its children once the signed-in user's permissions have arrived. Strapi's `useRBAC`
 * checks when it mounts, against the permissions held then, and not again: a page opened by its
 * address can render before GET /admin/users/me/permissions answers, and the menu entries and
 * actions it guards would stay hidden until the page was opened again.
 */
export const UserPermissionsLoaded = ({
  children,
  fallback = <Page.Loading />,
}: {
  children: ReactNode;
  /** What shows meanwhile: a page's loader unless told (`null` for a button). */
  fallback?: ReactNode;
}) => {
  const isLoading = useAuth('UserPermissionsLoaded', (state) => state.isLoading);
  return <>{isLoading ? fallback : children}</>;
};
