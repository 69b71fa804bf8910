import * as React from 'react';
import { Button, Dialog } from '@strapi/design-system';

/**
 * A dialog that asks one value before a change (why a lead was lost, when the visit is): the
 * value starts empty each time it opens, confirming waits for `onConfirm`, closing it cancels.
 */
export const ValueDialog = <T,>({
  open,
  title,
  cancelLabel,
  confirmLabel,
  onCancel,
  onConfirm,
  children,
}: {
  open: boolean;
  title: string;
  cancelLabel: string;
  confirmLabel: string;
  onCancel: () => void;
  onConfirm: (value: T) => void | Promise<void>;
  /** The field that asks the value. */
  children: (value: T | null, setValue: (value: T | null) => void) => React.ReactNode;
}) => {
  const [value, setValue] = React.useState<T | null>(null);
  const [saving, setSaving] = React.useState(false);
  React.useEffect(() => {
    if (open) setValue(null);
  }, [open]);

  const confirm = async () => {
    if (value === null) return;
    setSaving(true);
    try {
      await onConfirm(value);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(isOpen) => !isOpen && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body>{children(value, setValue)}</Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{cancelLabel}</Button>
          </Dialog.Cancel>
          <Button onClick={confirm} disabled={value === null} loading={saving}>
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
