/** Status and severity icons, shared by the envelope and diagnosis builders. (Tool titles live in each tool's declaration.) */
import type { Severity } from '../../runbooks/types.ts';
import type { EnvelopeStatus } from '../../tools/types.ts';

export const STATUS_ICON: Record<EnvelopeStatus, string> = {
  ok: ':white_check_mark:',
  no_data: ':information_source:',
  error: ':x:',
  approval_required: ':raised_hand:',
};

export const SEVERITY_ICON: Record<Severity, string> = {
  ok: ':large_green_circle:',
  info: ':large_blue_circle:',
  warning: ':large_yellow_circle:',
  critical: ':red_circle:',
};

export const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2, ok: 3 };
