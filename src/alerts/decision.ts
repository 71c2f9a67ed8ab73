import {
  addBroker,
  addBrokerVolume,
  removeBroker,
  resizeBrokerVolume,
  type AddBrokerInput,
  type AddBrokerLimits,
  type AddBrokerVolumeInput,
  type AddBrokerVolumeLimits,
  type ClusterEdit,
  type EditErrorCode,
  type RemoveBrokerInput,
  type RemoveBrokerLimits,
  type ResizeBrokerVolumeInput,
  type ResizeBrokerVolumeLimits,
} from '../operator/edits/index.js';

/** Koperator's alert commands, the `command` annotation of an alert (adobe/koperator internal/alertmanager/currentalert). */
export const COMMANDS = ['upScale', 'downScale', 'addPvc', 'resizePvc'] as const;
export type CommandName = (typeof COMMANDS)[number];

export function isCommand(value: string | undefined): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value ?? '');
}

/** Problems of an alert itself, or of acting on alerts, beside the edits' own codes. */
export type AlertProblemCode =
  | 'UNKNOWN_COMMAND'
  | 'MISSING_LABEL'
  | 'MISSING_ANNOTATION'
  | 'INVALID_ANNOTATION'
  | 'INVALID_LABEL'
  | 'NO_CANDIDATE'
  | 'CRUISE_CONTROL_UNAVAILABLE'
  | 'VOLUME_PENDING'
  | 'FAILED';

/** Why an alert was not acted on; every refusal is recorded with all of its reasons. */
export interface Reason {
  code: EditErrorCode | AlertProblemCode;
  message: string;
}

/** The edit an alert asks for, as data: decided purely, carried out by the edits service. */
export type EditRequest =
  | { edit: 'addBroker'; input: AddBrokerInput; limits: AddBrokerLimits }
  | { edit: 'removeBroker'; input: RemoveBrokerInput; limits: RemoveBrokerLimits }
  | { edit: 'addBrokerVolume'; input: AddBrokerVolumeInput; limits: AddBrokerVolumeLimits }
  | { edit: 'resizeBrokerVolume'; input: ResizeBrokerVolumeInput; limits: ResizeBrokerVolumeLimits };

export function clusterEdit(request: EditRequest): ClusterEdit {
  switch (request.edit) {
    case 'addBroker':
      return addBroker(request.input, request.limits);
    case 'removeBroker':
      return removeBroker(request.input, request.limits);
    case 'addBrokerVolume':
      return addBrokerVolume(request.input, request.limits);
    case 'resizeBrokerVolume':
      return resizeBrokerVolume(request.input, request.limits);
  }
}

/**
 * What to do with one alert:
 * - `record`: nothing to decide (resolved, no command, or acted on already): recorded and left;
 * - `refuse`: not acted on, with every reason; `final` when the alert itself is wrong, so a
 *   redelivery cannot change the answer (else a later delivery is decided again);
 * - `act`: the edit to make (or, in dry-run mode, to only record), with what it changes.
 */
export type Decision =
  | { kind: 'record'; outcome: 'Ignored' | 'Resolved' | 'Acted'; command: CommandName | undefined; message: string }
  | { kind: 'refuse'; command: CommandName | undefined; final: boolean; reasons: Reason[] }
  | { kind: 'act'; command: CommandName; request: EditRequest; dryRun: boolean; changes: string[] };
