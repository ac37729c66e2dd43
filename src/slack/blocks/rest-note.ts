/** Where the rest of a shortened output is: the attached file, or (private answers, which cannot carry files) nowhere yet. */
import { tr } from '../../i18n/text.ts';
import type { Lang } from '../../tools/types.ts';

export function moreNote(
  lang: Lang,
  privately: boolean | undefined,
  count: number,
  what: 'rows' | 'items',
): string {
  if (privately)
    return tr(
      lang,
      `…${count} more${what === 'rows' ? ' rows' : ''} not shown (run without \`private\` to get the full output as a file)`,
      `…残り ${count} 件は表示していません（\`private\` なしで実行すると全文をファイルで受け取れます）`,
    );
  return what === 'rows'
    ? tr(lang, `…${count} more rows in the attached file`, `…残り ${count} 行は添付ファイルにあります`)
    : tr(lang, `…${count} more in the attached file`, `…残り ${count} 件は添付ファイルにあります`);
}
