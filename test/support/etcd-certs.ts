// Throw-away certificates for TLS tests of etcd: a CA, a serving certificate for 127.0.0.1 and
// a client certificate, made with the openssl command line tool.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files for etcd's flags and PEM data for the client. */
export interface EtcdTestCerts {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** What a client presents: the CA to trust, its certificate and key (PEM). */
  readonly client: { readonly ca: string; readonly cert: string; readonly key: string };
}

/** The openssl binary, or undefined when it is not installed. */
export function opensslPath(): string | undefined {
  return ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
}

/**
 * Writes a fresh CA, server and client certificate (EC P-256, valid one day) into `dir`.
 * Throws when openssl is missing or fails.
 */
export function makeEtcdTestCerts(dir: string): EtcdTestCerts {
  const openssl = opensslPath();
  if (openssl === undefined) throw new Error('openssl is not installed');
  const run = (...args: string[]): void => {
    execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '1',
    '-subj',
    '/CN=kite-test-etcd-ca',
  );
  const issue = (name: string, ext: string): void => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  issue('server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('client', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8');
  return {
    caFile: join(dir, 'ca.crt'),
    serverCertFile: join(dir, 'server.crt'),
    serverKeyFile: join(dir, 'server.key'),
    client: { ca: read('ca.crt'), cert: read('client.crt'), key: read('client.key') },
  };
}
