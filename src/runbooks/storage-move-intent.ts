/**
 * Whether a sentence asks to move primary storage (to another pair, server or address), in English or
 * Japanese: a verb of moving/renaming next to a storage word. Both patterns are plain alternations: linear.
 */
const MOVE =
  /\b(?:mov(?:e|ing)|migrat|relocat|evacuat|renam|re-?point|rsync|switch|replac|chang)|server name|address|new pair|移行|移動|引っ越|変更|付け替え|切り替え|切替|リネーム|名前を変え|サーバー名|サーバ名|アドレス/i;
const STORAGE = /storage|pool|nfs|volume|export|ストレージ|プール|ボリューム|エクスポート/i;

export function isStorageMoveQuestion(text: string): boolean {
  return MOVE.test(text) && STORAGE.test(text);
}
