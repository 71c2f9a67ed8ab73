import type { CruiseControl } from '../api/types';

/** Cruise Control in one word: ready, executing, not ready (why, in the tooltip) or unreachable. */
export function CruiseControlState({ cc }: { cc: CruiseControl }) {
  if (!cc.reachable)
    return (
      <span className="bad-text" title={cc.error ?? ''}>
        unreachable
      </span>
    );
  if (cc.busy)
    return (
      <span className="busy-text" title={cc.executorState ?? ''}>
        executing
      </span>
    );
  if (!cc.ready)
    return (
      <span className="warn-text" title={cc.reasons.join('; ')}>
        {(cc.monitorState ?? 'not ready').toLowerCase()}
      </span>
    );
  return <span className="ok-text">ready</span>;
}
