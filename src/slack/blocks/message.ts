/** The message shape every builder returns, and Block Kit constructors that enforce Slack's limits as they build. */
import type { types } from '@slack/bolt';
import { clip, LIMITS } from './mrkdwn.ts';

export type Block = types.KnownBlock;

/** Output too long for blocks: posted next to the message as a snippet, so nothing is dropped silently. */
export interface SlackFile {
  filename: string;
  title: string;
  content: string;
}

export interface SlackMessage {
  /** Notification / fallback text (plain, already escaped where user-derived). */
  text: string;
  blocks: Block[];
  file?: SlackFile;
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true },
});

/** mrkdwn section; callers escape and size their text, the clip here is only the last guard against invalid_blocks. */
export const section = (mrkdwn: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(mrkdwn, LIMITS.sectionText) },
});

export const fields = (items: string[]): Block => ({
  type: 'section',
  fields: items.slice(0, LIMITS.fields).map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.fieldText) })),
});

export const context = (items: string[]): Block => ({
  type: 'context',
  elements: items
    .slice(0, LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.sectionText) })),
});

export const divider = (): Block => ({ type: 'divider' });

/** Keeps a message within `max` blocks (50 by default): the tail is replaced by `note` (the caller attaches the full text). */
export function capBlocks(
  blocks: Block[],
  note: string,
  max: number = LIMITS.blocks,
): { blocks: Block[]; capped: boolean } {
  if (blocks.length <= max) return { blocks, capped: false };
  return { blocks: [...blocks.slice(0, max - 1), section(note)], capped: true };
}
