/** One phrase per Pacemaker fact, in English and Japanese, for the tool summary and the runbook. */
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../types.ts';
import type { PcmkFact } from './pacemaker-assess.ts';

export function describePcmkFact(f: PcmkFact, lang: Lang): string {
  switch (f.kind) {
    case 'no-answer':
      return tr(lang, 'no node answered crm_mon', 'crm_mon に応答したノードがありません');
    case 'no-quorum':
      return tr(
        lang,
        'cluster has NO quorum (activity blocked)',
        'クラスターにクォーラムがありません（動作停止）',
      );
    case 'node-offline':
      return tr(lang, `node ${f.node} is OFFLINE`, `ノード ${f.node} が OFFLINE`);
    case 'node-standby':
      return tr(lang, `node ${f.node} is in standby`, `ノード ${f.node} がスタンバイ中`);
    case 'node-maintenance':
      return tr(lang, `node ${f.node} is in maintenance`, `ノード ${f.node} がメンテナンスモード`);
    case 'runs-nowhere':
      return tr(
        lang,
        `resource ${f.resource} runs nowhere`,
        `リソース ${f.resource} がどこでも稼働していません`,
      );
    case 'resource-failed':
      return tr(
        lang,
        `resource ${f.resource} FAILED${f.nodes.length ? ` on ${f.nodes.join(', ')}` : ''}`,
        `リソース ${f.resource} が FAILED${f.nodes.length ? `（${f.nodes.join(', ')}）` : ''}`,
      );
    case 'failed-action':
      return tr(
        lang,
        `failed action ${f.resource} ${f.task} on ${f.node}: ${f.reason}`,
        `失敗したアクション ${f.resource} ${f.task}（${f.node}）: ${f.reason}`,
      );
  }
}
