/** The safe sequence of steps `diff` prints for a risky change: as data, for the three formats. */
import type { AcceptedRisk } from '../environments/types.js';

export interface PlanStep {
  /** One line: what changes in this step, with the quorum while it happens and after it. */
  title: string;
  /** What to do: the commit, the command, and the check that must pass before the next step. */
  action: string;
  /** A caution for this step, when no way of doing it keeps a margin. */
  caution?: string;
  /** Server count steps only: counts before and after, the worst moment, quorum and tolerance after. */
  from?: number;
  to?: number;
  worst?: { up: number; voters: number; quorum: number };
  quorum?: number;
  tolerates?: number;
  /** Checked server count steps: the transitional risks the step's commit accepts, and a raised minNodes. */
  acceptedRisks?: AcceptedRisk[];
  minNodes?: number;
  /** Checked steps: blocking findings the step's commit still has (empty: it passes validate). */
  blocked?: string[];
}

export interface ChangePlan {
  rule: string;
  /** What the change is, for the plan's heading ("servers 5 -> 3"). */
  change: string;
  /** True when every finding it belongs to is accepted (suppressed) in the spec. */
  accepted: boolean;
  steps: PlanStep[];
}
