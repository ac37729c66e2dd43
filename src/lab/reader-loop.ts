/**
 * The lab host's rendition of READER_PROGRAM (src/ssh/reader-program.ts): what `sh -c <program>` would do on a
 * real host, line for line — ready line, `<selector> <hex nonce>` requests answered one at a time through the
 * host's responder, both streams ended with `@@cloudops-end <nonce> <status>`, exit 2 on a malformed request.
 */
import type { ServerChannel } from 'ssh2';
import {
  BAD_REQUEST_EXIT,
  END_TAG,
  READER_PROGRAM,
  READY_LINE,
  SELECTOR_PATTERN,
} from '../ssh/reader-program.ts';

export interface ReaderAnswer {
  stdout: string;
  stderr: string;
  code: number;
}

/** A request line longer than this is not one the bot writes (`<selector> <32 hex>`). */
const MAX_LINE = 256;
/** The sh loop's nonce check: lowercase hex, non-empty. */
const HEX = /^[0-9a-f]+$/;

/**
 * Serves the reader loop on an exec channel. `answer` runs one argv as the lab host would (and may wait, e.g. for
 * the `slow` fault); it resolves undefined when the channel closed meanwhile.
 */
export function serveReaderLoop(
  stream: ServerChannel,
  answer: (argv: string[]) => Promise<ReaderAnswer | undefined>,
  onRequest: () => void,
): void {
  let open = true;
  let buffered = '';
  let queue: Promise<void> = Promise.resolve();
  stream.on('close', () => {
    open = false;
  });
  const stop = (code: number) => {
    if (!open) return;
    open = false;
    stream.exit(code);
    stream.end();
  };
  const handle = async (line: string): Promise<void> => {
    if (!open) return;
    const [selector = '', nonce = '', ...extra] = line.split(' ');
    const argv = SELECTOR_PATTERN.test(selector) ? READER_PROGRAM.argvOf(selector) : undefined;
    if (!HEX.test(nonce) || extra.length > 0 || !argv) return stop(BAD_REQUEST_EXIT);
    onRequest();
    const res = await answer([...argv]);
    if (!res || !open) return;
    const end = `${END_TAG}${nonce} ${res.code}\n`;
    stream.stderr.write(res.stderr + end);
    stream.write(res.stdout + end);
  };
  stream.write(`${READY_LINE}\n`);
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      queue = queue.then(() => handle(line));
    }
    if (buffered.length > MAX_LINE) stop(BAD_REQUEST_EXIT);
  });
  // The client closing its side ends `read`, and with it the loop (after the request in progress).
  stream.on('end', () => {
    queue = queue.then(() => stop(0));
  });
}
