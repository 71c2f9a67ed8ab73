import { useState } from 'react';
import { api, ApiError } from '../api/client';
import { RETRY_OPERATION, STOP_OPERATION } from '../api/documents';
import type { Cluster, Operation, UserError } from '../api/types';

interface Answer {
  result: { userErrors: UserError[] };
}

/** A button that asks once more before it acts, and shows why the server refused. */
function ConfirmButton({ label, question, act, onDone }: { label: string; question: string; act: () => Promise<Answer>; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string>();
  const go = async (): Promise<void> => {
    setAsking(false);
    try {
      const { result } = await act();
      setProblem(result.userErrors.map((e) => e.message).join('; ') || undefined);
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  return (
    <span className="confirm">
      {asking ? (
        <>
          {question}{' '}
          <button type="button" className="small danger" onClick={() => void go()}>
            Yes
          </button>
          <button type="button" className="small secondary" onClick={() => setAsking(false)}>
            No
          </button>
        </>
      ) : (
        <button type="button" className="small" onClick={() => setAsking(true)}>
          {label}
        </button>
      )}
      {problem === undefined ? null : <span className="field-error">{problem}</span>}
    </span>
  );
}

/** Stops the execution Cruise Control runs for the cluster; the operation is paused, to retry later. */
export function StopOperation({ cluster, onDone }: { cluster: Cluster; operation: Operation; onDone: () => void }) {
  return (
    <ConfirmButton
      label="Stop"
      question="Stop the execution?"
      onDone={onDone}
      act={() => api.request<Answer>(STOP_OPERATION, { input: { clusterId: cluster.id } })}
    />
  );
}

export function RetryOperation({ operation, onDone }: { operation: Operation; onDone: () => void }) {
  return (
    <ConfirmButton
      label="Retry"
      question="Run it again now?"
      onDone={onDone}
      act={() => api.request<Answer>(RETRY_OPERATION, { input: { operationId: operation.id } })}
    />
  );
}
