/**
 * doctor: each inventory host's SSH — TCP connect, handshake against the pinned key, login with the bot's
 * key — and nothing more (no command runs). A wrong key names the fingerprint the host offered.
 */
import { Client } from 'ssh2';
import type { EnvironmentConfig, InventoryHost } from '../../config/schema.ts';
import { describeError, isOpsError } from '../../core/errors.ts';
import { tr } from '../../i18n/text.ts';
import { mapConnectError } from '../../ssh/errors.ts';
import { type KnownHosts, loadKnownHosts, makeHostVerifier } from '../../ssh/host-keys.ts';
import { resolvePrivateKey } from '../../ssh/private-key.ts';
import type { Lang } from '../../tools/types.ts';
import type { DoctorStep } from './step.ts';

function handshake(host: InventoryHost, env: EnvironmentConfig, key: Buffer, known?: KnownHosts) {
  const d = env.ssh;
  const t = {
    name: host.name,
    address: host.address ?? host.name,
    port: host.port ?? d.port,
    user: host.user ?? d.user,
  };
  const verifier = makeHostVerifier(host, d, known);
  return new Promise<string | undefined>((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => {
      client.end();
      resolve(verifier.presented());
    });
    client.once('error', (e) => reject(mapConnectError(e, t, verifier, d.connectTimeoutMs)));
    client.once('close', () =>
      reject(mapConnectError(new Error('closed during handshake'), t, verifier, d.connectTimeoutMs)),
    );
    try {
      client.connect({
        host: t.address,
        port: t.port,
        username: t.user,
        privateKey: key,
        hostVerifier: verifier,
        readyTimeout: d.connectTimeoutMs,
      });
    } catch (e) {
      reject(mapConnectError(e, t, verifier, d.connectTimeoutMs));
    }
  }).then(
    (fp) => ({ ok: true as const, fp, t }),
    (e: unknown) => ({ ok: false as const, e, fp: verifier.presented(), t }),
  );
}

export async function checkHost(
  host: InventoryHost,
  env: EnvironmentConfig,
  where: string,
  privateKey: string | undefined,
  io: { env: NodeJS.ProcessEnv },
  lang: Lang,
): Promise<DoctorStep> {
  const title = `ssh ${host.name}`;
  const idx = env.hosts.indexOf(host);
  const hostPath = `${where}.hosts[${idx}]`;
  let key: Buffer;
  let known: KnownHosts | undefined;
  let r: Awaited<ReturnType<typeof handshake>>;
  try {
    key = resolvePrivateKey(env.ssh, privateKey, io.env).key;
    if (env.ssh.knownHostsFile) known = loadKnownHosts(env.ssh.knownHostsFile);
    r = await handshake(host, env, key, known);
  } catch (e) {
    return {
      title,
      status: 'problem',
      detail: describeError(e),
      fix: tr(lang, `fix ${where}.ssh`, `${where}.ssh を直してください`),
    };
  }
  const at = `${r.t.user}@${r.t.address}:${r.t.port}`;
  if (r.ok)
    return {
      title,
      status: 'ok',
      detail: tr(
        lang,
        `${at}: host key ${r.fp} pinned, login ok`,
        `${at}: ホスト鍵 ${r.fp} 一致、ログイン OK`,
      ),
    };
  const code = isOpsError(r.e) ? r.e.code : 'internal';
  const msg = describeError(r.e);
  const scan = `ssh-keyscan -p ${r.t.port} ${r.t.address} | ssh-keygen -lf -`;
  if (code === 'host_key_mismatch')
    return {
      title,
      status: 'problem',
      detail: tr(
        lang,
        `${at} offered host key ${r.fp ?? '?'}, which is not pinned`,
        `${at} が提示したホスト鍵 ${r.fp ?? '?'} は登録されていません`,
      ),
      fix: tr(
        lang,
        `if the host was reinstalled, verify the new key out of band (on the host's console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub; compare with \`${scan}\`), then set ${hostPath}.hostKeys to ["${r.fp ?? 'SHA256:…'}"]. If nobody reinstalled it, treat it as an attack and do not re-pin.`,
        `ホストを再インストールした場合は、新しい鍵を別経路で確認し (ホストのコンソールで ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub、\`${scan}\` と比較)、${hostPath}.hostKeys を ["${r.fp ?? 'SHA256:…'}"] にしてください。心当たりがなければ攻撃として扱い、登録し直さないでください。`,
      ),
    };
  if (code === 'host_key_unpinned')
    return {
      title,
      status: 'problem',
      detail: msg,
      fix: tr(
        lang,
        `pin it: run \`${scan}\`, verify the fingerprint out of band, put it in ${hostPath}.hostKeys`,
        `\`${scan}\` で取得し別経路で確認した指紋を ${hostPath}.hostKeys に登録してください`,
      ),
    };
  if (code === 'ssh_auth_failed')
    return {
      title,
      status: 'problem',
      detail: msg,
      fix: tr(
        lang,
        `add the bot's public key to ~${r.t.user}/.ssh/authorized_keys on ${host.name}`,
        `${host.name} の ~${r.t.user}/.ssh/authorized_keys にボットの公開鍵を追加してください`,
      ),
    };
  return {
    title,
    status: 'unreachable',
    detail: msg,
    fix: tr(
      lang,
      `check that ${host.name} is up, sshd listens on ${r.t.port}, and ${hostPath}.address / port are right`,
      `${host.name} の稼働、sshd がポート ${r.t.port} で待ち受けているか、${hostPath}.address / port を確認してください`,
    ),
  };
}
