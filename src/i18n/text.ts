/** Picks the operator's language for one message; both texts sit side by side where they are used. */
import type { Lang } from '../tools/types.ts';

export const tr = (lang: Lang, en: string, ja: string): string => (lang === 'ja' ? ja : en);

/** Default language from config, else the locale (LANG=ja_JP.UTF-8 → ja). */
export function defaultLang(configured?: Lang, env: NodeJS.ProcessEnv = process.env): Lang {
  if (configured) return configured;
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return loc.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export const gib = (kib: number): string =>
  `${(kib / 1024 / 1024).toFixed(kib % (1024 * 1024) === 0 ? 0 : 2)} GiB`;
