/**
 * Incident templates as MCP prompts: the operator picks "VMs see less memory than their offering" or "storage
 * after a power cut" in their assistant and gets a first message that points the model at the right tools and
 * runbook, in English or Japanese. Text only; a prompt cannot call anything by itself.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { tr } from '../i18n/text.ts';
import type { Lang } from '../tools/types.ts';
import { RUNBOOK_URI } from './runbook-resources.ts';

interface IncidentTemplate {
  name: string;
  title: [string, string];
  body(target: string | undefined, lang: Lang): string;
}

const CLOSING: [string, string] = [
  'Say what is wrong, on which VMs or hosts, the evidence, and the fix. A change can only be requested: humans approve it in Slack, and request_status shows the outcome.',
  '何がどの VM・ホストで起きているか、根拠、対処を日本語で答えてください。変更は依頼しかできず、承認は Slack で人が行います（結果は request_status で確認）。',
];

export const INCIDENT_TEMPLATES: IncidentTemplate[] = [
  {
    name: 'vm-memory-below-offering',
    title: ['VMs see less memory than their offering', 'VM のメモリがオファリングより少ない'],
    body: (target, lang) =>
      tr(
        lang,
        `VMs see less memory than their service offering (e.g. 3 GB inside a 6 GB VM)${target ? `; for example ${target}` : ''}. Run the cloudops tool diagnose with that symptom, then fleet_memory_audit to see every affected VM and the cause, and read ${RUNBOOK_URI}vm-memory-capped. ${CLOSING[0]}`,
        `VM の中から見えるメモリがサービスオファリングより少ない（例: 6 GB の VM で 3 GB）${target ? `。例: ${target}` : ''}。cloudops の diagnose をこの症状で実行し、fleet_memory_audit で影響のある全 VM と原因を確認し、${RUNBOOK_URI}vm-memory-capped を読んでください。${CLOSING[1]}`,
      ),
  },
  {
    name: 'storage-after-power-cut',
    title: ['Storage after a power cut', '停電後のストレージ'],
    body: (target, lang) =>
      tr(
        lang,
        `After a power cut, check the primary storage${target ? ` (${target})` : ''}: run drbd_status and pacemaker_status for every storage pair, then diagnose "storage after a power cut", and read ${RUNBOOK_URI}drbd-split-brain and ${RUNBOOK_URI}pacemaker-node-down. Say whether there is a split brain, which node has the newer data, and what must not be done before a human decides. ${CLOSING[0]}`,
        `停電の後のプライマリストレージを確認してください${target ? `（${target}）` : ''}。全ストレージペアで drbd_status と pacemaker_status を実行し、diagnose を「停電後のストレージ」で実行し、${RUNBOOK_URI}drbd-split-brain と ${RUNBOOK_URI}pacemaker-node-down を読んでください。スプリットブレインの有無、新しいデータを持つノード、人が判断する前にしてはいけないことを答えてください。${CLOSING[1]}`,
      ),
  },
  {
    name: 'vm-killed-oom',
    title: ['A VM was killed (out of memory)', 'VM が OOM で停止した'],
    body: (target, lang) =>
      tr(
        lang,
        `A VM stopped unexpectedly, maybe killed for lack of memory${target ? `: ${target}` : ''}. Run oom_kills and host_memory on its host, then diagnose with the VM name, and read ${RUNBOOK_URI}oom-kills. Tell apart a host out of memory, a cgroup limit and a guest OOM. ${CLOSING[0]}`,
        `VM が予期せず停止しました。メモリ不足で強制終了された可能性があります${target ? `: ${target}` : ''}。そのホストで oom_kills と host_memory を実行し、VM 名で diagnose を実行し、${RUNBOOK_URI}oom-kills を読んでください。ホストのメモリ不足、cgroup の上限、ゲスト内の OOM を区別してください。${CLOSING[1]}`,
      ),
  },
];

export function registerIncidentPrompts(server: McpServer, defaultLang: Lang): void {
  for (const t of INCIDENT_TEMPLATES) {
    server.registerPrompt(
      t.name,
      {
        title: t.title[0],
        description: `${t.title[0]} / ${t.title[1]}`,
        argsSchema: {
          target: z.string().max(200).optional().describe('A VM, host, cluster or storage pair (optional)'),
          lang: z.enum(['en', 'ja']).optional().describe('Answer language: en or ja'),
        },
      },
      ({ target, lang }) => ({
        description: tr(lang ?? defaultLang, ...t.title),
        messages: [
          {
            role: 'user',
            content: { type: 'text', text: t.body(target?.trim() || undefined, lang ?? defaultLang) },
          },
        ],
      }),
    );
  }
}
