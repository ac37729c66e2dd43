/** Guesses the language of one Slack message so the bot answers in the language it was asked in. */
import type { Lang } from '../tools/types.ts';

// Hiragana, katakana (incl. half-width) and CJK ideographs: any of them means the writer reads Japanese.
const japanese = /[\u3040-\u30FF\u31F0-\u31FF\uFF66-\uFF9F\u4E00-\u9FFF\u3400-\u4DBF]/u;

/** 'ja' when the text has kana or kanji, else 'en' (host names and log lines are ASCII either way). */
export function detectLang(text: string): Lang {
  // Slack control sequences (<@U123>, <#C1|name>) can carry display names; ignore them. `[^<>]` (not `[^>]`)
  // keeps the scan linear: a failed match stops at the next "<" instead of running to the end each time.
  const plain = text.replace(/<[^<>]*>/g, ' ');
  return japanese.test(plain) ? 'ja' : 'en';
}
