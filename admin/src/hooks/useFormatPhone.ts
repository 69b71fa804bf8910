import { useIntl } from 'react-intl';
import { formatPhone } from '../../../shared/contact-links';

/** Phones as the admin user's interface language writes them (see shared/contact-links). */
export const useFormatPhone = (): ((phone: string) => string) => {
  const { locale } = useIntl();
  return (phone) => formatPhone(phone, locale);
};
