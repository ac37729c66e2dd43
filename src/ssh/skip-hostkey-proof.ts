/**
 * OpenSSH announces its other host keys after auth (`hostkeys-00@openssh.com`); ssh2 answers every announcement
 * with a `hostkeys-prove-00` request: a signature on the hypervisor and a verification here, per connection.
 * We pin host keys ourselves and never use the announced list, so the announcement is acknowledged and dropped.
 */
import type { Client } from 'ssh2';

type GlobalRequestHandler = (p: unknown, name: string, wantReply: boolean, data: unknown) => void;
interface ProtocolInternals {
  _protocol?: { _handlers?: { GLOBAL_REQUEST?: GlobalRequestHandler }; requestSuccess?(): void };
}

/**
 * Call right after `client.connect()` (the protocol object exists from then on). ssh2 1.x keeps the handler in
 * `_protocol._handlers`; if a future version moves it, this does nothing and ssh2's own behaviour stays.
 */
export function skipHostKeyProof(client: Client): boolean {
  const proto = (client as unknown as ProtocolInternals)._protocol;
  const original = proto?._handlers?.GLOBAL_REQUEST;
  if (!proto?._handlers || typeof original !== 'function') return false;
  proto._handlers.GLOBAL_REQUEST = (p, name, wantReply, data) => {
    if (name !== 'hostkeys-00@openssh.com') return original(p, name, wantReply, data);
    if (wantReply) proto.requestSuccess?.();
  };
  return true;
}
