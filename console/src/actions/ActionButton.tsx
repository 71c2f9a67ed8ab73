import type { ReactNode } from 'react';
import { useDialog } from './DialogHost';

/** A button that opens an action's dialog; `onDone` runs when the dialog closes. */
export function ActionButton({
  label,
  title,
  dialog,
  onDone,
  tone = 'secondary',
}: {
  label: string;
  title?: string;
  dialog: (close: () => void) => ReactNode;
  onDone: () => void;
  tone?: 'secondary' | 'danger-outline' | 'primary';
}) {
  const open = useDialog();
  return (
    <button type="button" className={`small ${tone}`} title={title} onClick={() => open(dialog, onDone)}>
      {label}
    </button>
  );
}
