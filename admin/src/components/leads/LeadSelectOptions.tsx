import { SingleSelectOption } from '@strapi/design-system';
import type { AdminUserRef } from '../../../../shared/contracts/leads';
import { useTranslate } from '../../hooks/useTranslate';
import { useStatusLabels, userName } from './labels';

/** The funnel's statuses, in its order, as the options of a SingleSelect. */
export const StatusOptions = () => {
  const { statusOptions } = useStatusLabels();
  return (
    <>
      {statusOptions.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </>
  );
};

/** "Nobody" (value `none`) and the admin users a lead can be assigned to, as a SingleSelect's options. */
export const AssigneeOptions = ({ users }: { users: AdminUserRef[] }) => {
  const t = useTranslate('leads');
  return (
    <>
      <SingleSelectOption value="none">{t('assignee.nobody', 'Nobody (unassigned)')}</SingleSelectOption>
      {users.map((user) => (
        <SingleSelectOption key={user.id} value={String(user.id)}>
          {userName(user)}
        </SingleSelectOption>
      ))}
    </>
  );
};
