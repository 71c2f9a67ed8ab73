import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { UserError } from '../api/types';
import { FollowOperation } from './FollowOperation';
import { fieldOf, type Outcome } from './outcome';
import { PreviewTable } from './PreviewTable';

export interface Field {
  name: string;
  label: string;
  placeholder?: string;
  initial?: string;
  /** A checkbox rather than a text field ("true" or "false"). */
  checkbox?: boolean;
}

interface Props {
  title: string;
  /** What the confirmation button says, e.g. "Remove broker 5". */
  confirm: string;
  fields?: Field[];
  run: (values: Record<string, string>, dryRun: boolean) => Promise<Outcome>;
  onClose: () => void;
}

type Step = { step: 'edit' } | { step: 'preview'; outcome: Outcome } | { step: 'following'; outcome: Outcome };

/**
 * Every action goes the same way: a dry run that shows what would change and what Cruise Control
 * would move, a confirmation, then the operations it started, live. Nothing is changed before the
 * confirmation; the real call checks the input again, so its userErrors are shown as the dry run's.
 */
export function ActionDialog({ title, confirm, fields = [], run, onClose }: Props) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])));
  const [at, setAt] = useState<Step>({ step: 'edit' });
  const [errors, setErrors] = useState<UserError[]>([]);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const call = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setFailure(undefined);
    try {
      const outcome = await run(values, dryRun);
      setErrors(outcome.userErrors);
      if (outcome.userErrors.length > 0) setAt({ step: 'edit' });
      else setAt({ step: dryRun ? 'preview' : 'following', outcome });
    } catch (error) {
      setFailure(error instanceof ApiError ? `${error.message} (${error.code})` : String(error));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void call(at.step === 'edit');
  };
  const shown = new Set(fields.map((f) => f.name));
  const general = errors.filter((e) => !shown.has(fieldOf(e) ?? ''));

  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={title}>
      <form className="dialog" onSubmit={submit} data-step={at.step}>
        <h2>{title}</h2>
        {fields.map((f) => (
          <label key={f.name} className={f.checkbox === true ? 'field field-check' : 'field'}>
            <span>{f.label}</span>
            {f.checkbox === true ? (
              <input
                type="checkbox"
                name={f.name}
                checked={values[f.name] === 'true'}
                disabled={at.step !== 'edit'}
                onChange={(e) => setValues({ ...values, [f.name]: String(e.target.checked) })}
              />
            ) : (
              <input
                name={f.name}
                value={values[f.name] ?? ''}
                placeholder={f.placeholder}
                disabled={at.step !== 'edit'}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            )}
            {errors
              .filter((e) => fieldOf(e) === f.name)
              .map((e) => (
                <span key={e.message} className="field-error" data-code={e.code}>
                  {e.message}
                </span>
              ))}
          </label>
        ))}
        {general.map((e) => (
          <p key={e.message} className="error" data-code={e.code}>
            {e.message}
          </p>
        ))}
        {failure === undefined ? null : <p className="error">{failure}</p>}
        {at.step === 'edit' ? null : <Changes outcome={at.outcome} />}
        {at.step === 'following' ? (
          <div className="following">
            {at.outcome.operations.length === 0 ? <p className="muted">Done. Operations it starts later are on the Operations tab.</p> : null}
            {at.outcome.operations.map((o) => (
              <FollowOperation key={o.id} operation={o} />
            ))}
          </div>
        ) : null}
        <div className="buttons">
          {at.step === 'edit' ? (
            <button type="submit" disabled={busy}>
              {busy ? 'Asking…' : 'Preview (dry run)'}
            </button>
          ) : null}
          {at.step === 'preview' ? (
            <>
              <button type="button" className="secondary" onClick={() => setAt({ step: 'edit' })} disabled={busy}>
                Back
              </button>
              <button type="submit" className="danger" disabled={busy}>
                {busy ? 'Starting…' : confirm}
              </button>
            </>
          ) : null}
          <button type="button" className="secondary" onClick={onClose}>
            {at.step === 'following' ? 'Close' : 'Cancel'}
          </button>
        </div>
      </form>
    </div>
  );
}

function Changes({ outcome }: { outcome: Outcome }) {
  return (
    <div className="changes">
      {outcome.changes.length === 0 ? null : (
        <ul>
          {outcome.changes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {outcome.restartedBrokers.length === 0 ? null : (
        <p>
          Restarts broker{outcome.restartedBrokers.length === 1 ? '' : 's'} {outcome.restartedBrokers.join(', ')}, one at a time.
        </p>
      )}
      {outcome.preview === null ? null : <PreviewTable preview={outcome.preview} />}
      {outcome.previewError === null ? null : <p className="warn-text">No preview from Cruise Control: {outcome.previewError}</p>}
    </div>
  );
}
