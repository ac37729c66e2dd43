/** Block Kit for an assistant answer: the tools it used as task cards in a plan, and feedback buttons under it. */
import type { types } from '@slack/bolt';
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';

type TaskCardBlock = types.TaskCardBlock;

export const FEEDBACK_ACTION = 'assistant_feedback';

export interface TaskState {
  id: string;
  title: string;
  status: TaskCardBlock['status'];
  /** One line: what the tool found, or why it failed. */
  output?: string;
}

const richText = (text: string): NonNullable<TaskCardBlock['output']> => ({
  type: 'rich_text',
  elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: text.slice(0, 280) }] }],
});

/** Slack task ids are short and plain; the model's call ids are not ours to trust. */
export const taskId = (n: number): string => `task_${n}`;

export function planBlock(tasks: TaskState[], lang: Lang): types.PlanBlock {
  return {
    type: 'plan',
    title: tr(lang, 'What I checked', '確認したこと'),
    tasks: tasks.slice(0, 20).map(
      (t): TaskCardBlock => ({
        type: 'task_card',
        task_id: t.id,
        title: t.title.slice(0, 150),
        status: t.status,
        ...(t.output ? { output: richText(t.output) } : {}),
      }),
    ),
  };
}

export function feedbackBlock(conversationId: string, lang: Lang): types.ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION,
        positive_button: {
          text: { type: 'plain_text', text: tr(lang, 'Helpful', '役に立った') },
          accessibility_label: tr(lang, 'This answer was helpful', 'この回答は役に立った'),
          value: `positive ${conversationId}`,
        },
        negative_button: {
          text: { type: 'plain_text', text: tr(lang, 'Not helpful', '役に立たなかった') },
          accessibility_label: tr(lang, 'This answer was not helpful', 'この回答は役に立たなかった'),
          value: `negative ${conversationId}`,
        },
      },
    ],
  };
}

/** "positive slack:C1:1700.1" → vote and conversation; anything else → undefined. */
export function parseFeedbackValue(
  v: string,
): { vote: 'positive' | 'negative'; conversationId: string } | undefined {
  const m = /^(positive|negative) ([A-Za-z0-9:._-]{1,200})$/.exec(v.slice(0, 260));
  return m ? { vote: m[1] as 'positive' | 'negative', conversationId: m[2]! } : undefined;
}
