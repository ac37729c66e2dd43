#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=50
// V8 flags, measured in bench/README.md; keep in sync with package.json scripts, docs/slack.md and
// bench/lib/bot-client.ts.
// --max-semi-space-size=2 (MiB): a fleet sweep allocates in bursts (ssh2's JS cipher path makes a cipher object
// per packet); V8 then grows the young generation to its maximum and keeps it. Capped, a 1,000-host audit
// peaks at ~190 MiB instead of ~360 MiB.
// --heap-growing-percent=50: each command's objects live across several young-generation collections while
// 1,000 commands share 64 slots, so they end up in the old generation as garbage. V8's default lets the old
// generation grow to 2-4x its live size before a full collection (RSS 143 -> 223 MiB over 20 sweeps at 1,000
// hosts); 1.5x keeps it flat (156 -> 162 MiB) for ~10% more CPU on warm sweeps, none measurable on cold ones.
// Entry point. Requires Node 22.18+ or 24 (type stripping); `npm ci` installs a pinned Node 24 that npm scripts and npx use.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `cloudops needs Node 22.18+ or 24 (this is ${process.version}); run it via npm scripts or npx so the pinned Node is used.\n`,
  );
  process.exit(1);
}
// `cloudops tools | head` closes the pipe early: stop quietly, as Unix tools do, instead of an EPIPE stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
// Before any .ts module loads: modules then come from the compile cache instead of the type stripper (bin/compile-cache.js).
const { enablePrivateCompileCache } = await import('./compile-cache.js');
if (enablePrivateCompileCache()) {
  // Node writes the cache at exit; a long-running `slack` that is killed would never write it, so also once started.
  const { flushCompileCache } = await import('node:module');
  setTimeout(() => flushCompileCache?.(), 10_000).unref();
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
