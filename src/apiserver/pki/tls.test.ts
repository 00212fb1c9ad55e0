import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import type { CertKeyPEM } from './crypto.js';
import { ensurePKI, type PKI } from './ensure.js';
import { certIdentity } from './identity.js';
import { createCA, issueClientCert } from './issue.js';
import { writeKubeconfig } from './kubeconfig.js';

const kubectl = '/usr/bin/kubectl';

interface Reply {
  readonly status: number;
  readonly body: string;
}

// GET / over TLS to 127.0.0.1, trusting only the cluster CA, presenting `client` if given.
function get(port: number, ca: string, client?: CertKeyPEM, host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/', ca, cert: client?.certPEM, key: client?.keyPEM, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// Like kube-apiserver, the server asks for a client certificate but lets the authenticator decide:
// an unverified or absent certificate is answered 401, a verified one with the identity it maps to.
function startServer(pki: PKI, rejectUnauthorized: boolean) {
  const server = createServer(
    {
      key: pki.server.keyPEM,
      cert: pki.server.certPEM,
      ca: pki.ca.certPEM,
      requestCert: true,
      rejectUnauthorized,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const id = socket.authorized ? certIdentity(socket.getPeerCertificate()) : undefined;
      if (id === undefined) {
        res.writeHead(401).end(String(socket.authorizationError ?? 'no client certificate'));
        return;
      }
      res.writeHead(200).end(JSON.stringify(id));
    },
  );
  server.listen(0, '127.0.0.1');
  return server;
}

describe('TLS with the cluster PKI', () => {
  let root = '';
  let pki: PKI;
  let lenient: ReturnType<typeof startServer>;
  let strict: ReturnType<typeof startServer>;
  const port = (s: ReturnType<typeof startServer>) => (s.address() as AddressInfo).port;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kite-pki-tls-'));
    pki = await ensurePKI({ dir: join(root, 'pki'), hosts: [] });
    lenient = startServer(pki, false);
    strict = startServer(pki, true);
    await Promise.all([once(lenient, 'listening'), once(strict, 'listening')]);
  });
  after(async () => {
    lenient.close();
    strict.close();
    await rm(root, { recursive: true, force: true });
  });

  it('the server sees the admin as kite-admin in system:masters', async () => {
    const reply = await get(port(lenient), pki.ca.certPEM, pki.admin);
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.body), { user: 'kite-admin', groups: ['system:masters'] });
  });

  it('a node certificate maps to the node user and group', async () => {
    const node = await issueClientCert(pki, {
      commonName: 'system:node:n1',
      organizations: ['system:nodes'],
    });
    const reply = await get(port(lenient), pki.ca.certPEM, node);
    assert.deepEqual(JSON.parse(reply.body), { user: 'system:node:n1', groups: ['system:nodes'] });
  });

  it('the client verifies the serving certificate by name as well as by IP', async () => {
    assert.equal((await get(port(lenient), pki.ca.certPEM, pki.admin, 'localhost')).status, 200);
  });

  it('no client certificate is not authenticated', async () => {
    const reply = await get(port(lenient), pki.ca.certPEM);
    assert.equal(reply.status, 401);
  });

  it('a client certificate from another CA is not authenticated', async () => {
    const stranger = await issueClientCert(
      { ca: await createCA() },
      { commonName: 'kite-admin', organizations: ['system:masters'] },
    );
    const reply = await get(port(lenient), pki.ca.certPEM, stranger);
    assert.equal(reply.status, 401);
    assert.match(reply.body, /^UNABLE_TO_VERIFY_LEAF_SIGNATURE$/);
  });

  it('the serving certificate cannot be used as a client certificate', async () => {
    const reply = await get(port(lenient), pki.ca.certPEM, pki.server);
    assert.equal(reply.status, 401);
    assert.match(reply.body, /unsupported certificate purpose|INVALID_PURPOSE/);
  });

  it('a server that requires verified clients drops the handshake of a stranger', async () => {
    const stranger = await issueClientCert({ ca: await createCA() }, { commonName: 'x' });
    await assert.rejects(get(port(strict), pki.ca.certPEM, stranger));
    assert.equal((await get(port(strict), pki.ca.certPEM, pki.admin)).status, 200);
  });

  it('a client trusting another CA refuses the server', async () => {
    await assert.rejects(get(port(lenient), (await createCA()).certPEM, pki.admin), (e: unknown) => {
      // The server sends the CA along with its leaf, so the chain ends in an untrusted root.
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE';
    });
  });

  for (const host of ['127.0.0.1', 'localhost']) {
    it(`kubectl connects to https://${host} with the written kubeconfig as kite-admin`, {
      skip: !existsSync(kubectl) && 'kubectl not installed',
    }, async () => {
      const path = join(root, `kubeconfig-${host}.yaml`);
      await writeKubeconfig(path, {
        server: `https://${host}:${port(lenient)}`,
        caPEM: pki.ca.certPEM,
        certPEM: pki.admin.certPEM,
        keyPEM: pki.admin.keyPEM,
      });
      const { stdout } = await promisify(execFile)(kubectl, ['--kubeconfig', path, 'get', '--raw', '/']);
      assert.deepEqual(JSON.parse(stdout), { user: 'kite-admin', groups: ['system:masters'] });
    });
  }
});
