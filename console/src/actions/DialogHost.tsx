import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

type Render = (close: () => void) => ReactNode;
type Open = (render: Render, onClose: () => void) => void;

const DialogContext = createContext<Open>(() => {});

/**
 * Holds the open action dialog above the page, so it outlives the button that opened it: the
 * "Remove" button of a broker goes away as soon as its drain starts, the dialog that follows the
 * drain must not.
 */
export function DialogHost({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<{ render: Render; onClose: () => void }>();
  const show = useCallback<Open>((render, onClose) => setOpen({ render, onClose }), []);
  const close = useCallback(() => {
    open?.onClose();
    setOpen(undefined);
  }, [open]);
  return (
    <DialogContext.Provider value={show}>
      {children}
      {open === undefined ? null : createPortal(open.render(close), document.body)}
    </DialogContext.Provider>
  );
}

export function useDialog(): Open {
  return useContext(DialogContext);
}
