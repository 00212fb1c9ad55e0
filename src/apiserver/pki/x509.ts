// The only module that loads @peculiar/x509: its dependency injection needs the Reflect polyfill
// evaluated first, and ES module evaluation order is only guaranteed within one file.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs through WebCrypto; node's implementation is complete for ECDSA P-256.
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** @peculiar/x509, ready to use with node's WebCrypto as provider. */
export { x509 };
