/** Status and severity icons, shared by the envelope and diagnosis builders. (Tool titles live in each tool's declaration.) */
import type { Severity } from '../../runbooks/types.ts';
import type { ResultSeverity } from '../../tools/types.ts';

/** What the result says about the cloud (not whether the tool ran): ok / warning / problem / could not check. */
export const RESULT_ICON: Record<ResultSeverity, string> = {
  ok: ':white_check_mark:',
  warning: ':warning:',
  problem: ':red_circle:',
  unknown: ':grey_question:',
};

export const SEVERITY_ICON: Record<Severity, string> = {
  ok: ':large_green_circle:',
  info: ':large_blue_circle:',
  warning: ':large_yellow_circle:',
  critical: ':red_circle:',
};

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3 };
