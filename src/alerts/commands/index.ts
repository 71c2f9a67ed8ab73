import type { CommandName } from '../decision.js';
import { decideAddPvc } from './addPvc.js';
import type { CommandDecider } from './command.js';
import { decideDownScale } from './downScale.js';
import { decideResizePvc } from './resizePvc.js';
import { decideUpScale } from './upScale.js';

/** One decider per Koperator command, as its validators are one per action. */
export const DECIDERS: Record<CommandName, CommandDecider> = {
  upScale: decideUpScale,
  downScale: decideDownScale,
  addPvc: decideAddPvc,
  resizePvc: decideResizePvc,
};

export { fewestReplicas } from './downScale.js';
export type { CommandResult } from './command.js';
