/**
 * `cloudops ask "<question>"`: the assistant from a terminal. Tool progress goes to stderr, the answer to stdout.
 * The CLI has no Slack identity to approve with, so mutating tools are not offered here. Without a model it runs
 * the runbooks and says so.
 */
import { configuredSecrets, createAssistant } from '../../assistant/create-assistant.ts';
import { readLlmSettings } from '../../assistant/llm-settings.ts';
import { detectLang } from '../../i18n/detect.ts';
import { tr } from '../../i18n/text.ts';
import { renderDiagnosisText } from '../../runbooks/render-text.ts';
import type { CliIo } from '../io.ts';
import { openService } from '../open-service.ts';
import { langOf, splitToolArgs } from './tool.ts';

const MAX_QUESTION = 4000;

export async function runAsk(argv: string[], io: CliIo): Promise<number> {
  const { own, rest } = splitToolArgs(argv);
  const question = rest.join(' ').trim();
  if (!question) {
    io.err('cloudops ask: ask a question, e.g. cloudops ask "why do VMs only see 3GB?"');
    return 2;
  }
  if (question.length > MAX_QUESTION) {
    io.err(`cloudops ask: the question is longer than ${MAX_QUESTION} characters`);
    return 2;
  }
  const lang = own.lang ? langOf(own.lang, io) : detectLang(question);
  const opened = await openService({ config: own.config, lab: own.lab }, io);
  try {
    const settings = readLlmSettings(opened.loaded?.config, io.env);
    if (!settings) {
      io.err(
        tr(
          lang,
          'No model is configured (OPENAI_BASE_URL / OPENAI_MODEL or llm: in the config): this is the runbook analysis.',
          'モデルが設定されていません（OPENAI_BASE_URL / OPENAI_MODEL または設定ファイルの llm:）。ランブックによる分析結果です。',
        ),
      );
      const d = await opened.service.diagnose(question, { lang, ...(own.env ? { env: own.env } : {}) });
      io.out(renderDiagnosisText(d));
      return d.error ? 1 : 0;
    }
    const assistant = await createAssistant({
      service: opened.service,
      settings,
      defaultEnv: own.env ?? opened.service.environments()[0]?.name ?? 'default',
      knownSecrets: opened.loaded ? configuredSecrets(opened.loaded.secrets) : [],
    });
    const r = await assistant.agent.turn({
      conversationId: `cli:${process.pid}:${Date.now()}`,
      text: question,
      actor: { user: io.env.USER ?? 'cli', via: 'cli' },
      lang,
      canRequestChanges: false,
      ...(own.env ? { env: own.env } : {}),
      onEvent: (e) => {
        if (e.type === 'tool_start') io.err(`… ${e.name}`);
        else if (e.type === 'tool_end') io.err(`${e.status === 'error' ? '✖' : '✔'} ${e.name}: ${e.oneLine}`);
      },
    });
    if (r.answer) io.out(r.answer);
    if (r.notice) io.err(r.notice);
    io.err(
      tr(
        lang,
        `(${r.toolCalls} tool calls, ${r.promptTokens} prompt tokens, model ${settings.model})`,
        `（ツール呼び出し ${r.toolCalls} 回、プロンプト ${r.promptTokens} トークン、モデル ${settings.model}）`,
      ),
    );
    return r.stop === 'answered' ? 0 : 1;
  } finally {
    await opened.close();
  }
}
