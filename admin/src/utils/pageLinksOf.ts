import type { Pagination } from '../../../shared/contracts/leads';

/** The props of the Design System's `Pagination.Root` (which passes unknown props on to the DOM). */
export const pageLinksOf = ({ page, pageSize, pageCount, total }: Pagination) => ({ page, pageSize, pageCount, total });
