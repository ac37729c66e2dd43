/** Human titles for tools and status icons, shared by the envelope and diagnosis builders. */
import { tr } from '../../i18n/text.ts';
import type { Severity } from '../../runbooks/types.ts';
import type { EnvelopeStatus, Lang, ResultSeverity } from '../../tools/types.ts';

const TITLES: Record<string, [string, string]> = {
  fleet_memory_audit: ['Memory audit (all running VMs)', 'メモリ監査（稼働中の全VM）'],
  vm_memory: ['VM memory', 'VMのメモリ'],
  host_memory: ['Host memory', 'ホストのメモリ'],
  cloudstack_setting: ['CloudStack setting', 'CloudStack設定'],
  drbd_status: ['DRBD status', 'DRBDの状態'],
  pacemaker_status: ['Pacemaker cluster status', 'Pacemakerクラスターの状態'],
  oom_kills: ['OOM kills', 'OOM Killerの発動'],
  capacity: ['Capacity', 'キャパシティ'],
};

export function toolTitle(tool: string, lang: Lang): string {
  // Own keys only: a tool named "constructor" must not find Object.prototype's.
  const t = Object.hasOwn(TITLES, tool) ? TITLES[tool] : undefined;
  return t ? tr(lang, t[0], t[1]) : tool;
}

export const STATUS_ICON: Record<EnvelopeStatus, string> = {
  ok: ':white_check_mark:',
  no_data: ':information_source:',
  error: ':x:',
  approval_required: ':raised_hand:',
};

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
