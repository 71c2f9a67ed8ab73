import { useState, type ReactNode } from 'react';

/** A button that opens an action's dialog; `onDone` runs when the dialog closes. */
export function ActionButton({ label, title, dialog, onDone }: { label: string; title?: string; dialog: (close: () => void) => ReactNode; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const close = () => {
    setOpen(false);
    onDone();
  };
  return (
    <>
      <button type="button" className="small" title={title} onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? dialog(close) : null}
    </>
  );
}
