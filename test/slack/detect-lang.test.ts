import { describe, expect, it } from 'vitest';
import { detectLang } from '../../src/i18n/detect.ts';

describe('detectLang', () => {
  it.each([
    ['web servers keep going down, OOM in the logs', 'en'],
    ['Webサーバーが落ち続けています。ログに OOM', 'ja'],
    ['メモリ', 'ja'],
    ['障害', 'ja'],
    ['ｳｪﾌﾞ', 'ja'],
    ['i-2-34-VM 3G vs 6G', 'en'],
    ['<@U123|山田> web01 is down', 'en'],
    ['', 'en'],
  ])('%j → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang);
  });
});
