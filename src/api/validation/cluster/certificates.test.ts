import { describe, test } from 'node:test';
import type { JsonObject } from '../types.js';
import { certificateSigningRequestValidation } from './certificates.js';
import { type Case, meta, runCases } from './testing.js';

// Requests and a certificate generated once with openssl, for test use only.
const ecRequest = `-----BEGIN CERTIFICATE REQUEST-----
MIHsMIGSAgEAMDAxFzAVBgNVBAMMDnN5c3RlbTpub2RlOm4xMRUwEwYDVQQKDAxz
eXN0ZW06bm9kZXMwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS2VPz5X8Cy78Oq
vqybQQ9mPwDmOCk/weU7iRgGriiCyCFIBsiWFNXnRB50vaRXbPN+68yv9htG8+TS
QTnmCl83oAAwCgYIKoZIzj0EAwIDSQAwRgIhAKGgLSggSuaV1cFpM8DnxyDRtD8m
BnvmtMnM3Ft046nFAiEA0/JKGdf9A4O30EOzGjo1s0D2pFaBjsPlIVvMMaIFK/c=
-----END CERTIFICATE REQUEST-----
`;
const rsaRequest = `-----BEGIN CERTIFICATE REQUEST-----
MIICVTCCAT0CAQAwEDEOMAwGA1UEAwwFYWxpY2UwggEiMA0GCSqGSIb3DQEBAQUA
A4IBDwAwggEKAoIBAQC5l/Yqq0Dpj4lIIkfCTTtqwP1l3ezRxmNTpMyvw2RvWvOg
pHCBlYDjhco4l3ZjIpQw299skjR9p7wqURR738X7jf2XZxE3ybXx0B50kbYy3AbE
IrJWN6wHL7CVcSIo//eRUVd1CyK4sBXrYiGF7HSaIn3utqugTRnlFTmAM2VP9TsL
FL7uf/nqTv6BtSrF7bP8MQqroOHVL6hZx/EdT6j2J+fUPZuRj3cWvQ2XtN7y9k6u
VRI7NO7F9f0Jm4R4DM7OxQiMnKkmMi1l59kb7JA2BR5oNingBxVi6aq9g4cgToOr
ZMGDXiTjinL8/ROMDyiq9erlNEXIC3BSzHakOO+5AgMBAAGgADANBgkqhkiG9w0B
AQsFAAOCAQEAV9VnlqmkyFsFg7QFAZKoMqaBw0cJ6QncpS5R4YmtjanpIA5thyUu
aS3T3IeKbHt91Wd5Sk7S3TrO2aBZN/a+g3P8oT3W3ea4F+3ge8I7vpnuydk4ikFp
v7MlkoLW0P+7I/OGRnJrTNjq4BHumrrGIWh4A1nMOft1WAqFre7PAus/OkTEmwqi
AvrG+0PzAIi+9CmabGHANVpXgASucYuVLCZEQ0esSus3Y95qOTocKZCCkRlJiQ8t
MGP0Jx7zz9iYNQCrqdcG9lSNj2oeB5KG5ms245ct7XW8Jw+BTH4PINj3+yonXbIG
ufolsyb9/GiNTD5Gw3alkxaNrEBoQMtlhQ==
-----END CERTIFICATE REQUEST-----
`;
const certificate = `-----BEGIN CERTIFICATE-----
MIIBbzCCARWgAwIBAgIUaEE993DpO3of7IqdEfeg4WzmBVYwCgYIKoZIzj0EAwIw
DTELMAkGA1UEAwwCY2EwHhcNMjYxMTIzMDczNjI2WhcNMjYxMTI0MDczNjI2WjAN
MQswCQYDVQQDDAJjYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABEZdmkX/autP
gFFbfas3tdHgXUNcYw2hWvFWXq/WSA0cDehRokKjjyT+De9WJu0tTq87x/ZJh6n8
RqTgNX+XDZWjUzBRMB0GA1UdDgQWBBSGJFIT0LdEnhVfw3WaCg4/JDn2dzAfBgNV
HSMEGDAWgBSGJFIT0LdEnhVfw3WaCg4/JDn2dzAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0gAMEUCICfVQoPKNQhQs4y3E6NcLliTHlEuvqxQerUYTWbOOyrd
AiEAmxGeXaTc1jiDEOqJAhAk7lma+iIshef0jPJqCRyUwNg=
-----END CERTIFICATE-----
`;

const b64 = (s: string): string => Buffer.from(s).toString('base64');
// The EC request with one signature byte changed.
const tampered = ((): string => {
  const der = Buffer.from(
    ecRequest
      .split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join(''),
    'base64',
  );
  der[der.length - 3] = der[der.length - 3]! ^ 0xff;
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----\n`;
})();

const csr = (spec: JsonObject, status?: JsonObject): JsonObject => ({
  metadata: meta('csr-1'),
  spec: {
    request: b64(ecRequest),
    signerName: 'kubernetes.io/kube-apiserver-client',
    usages: ['client auth'],
    ...spec,
  },
  ...(status === undefined ? {} : { status }),
});

describe('CertificateSigningRequest', () => {
  const cases: Case[] = [
    { name: 'valid ec request', obj: csr({}), want: [] },
    { name: 'valid rsa request', obj: csr({ request: b64(rsaRequest) }), want: [] },
    { name: 'any object name is accepted', obj: { ...csr({}), metadata: meta('Any Name/!') }, want: [] },
    {
      name: 'not a PEM request',
      obj: csr({ request: b64('hello') }),
      want: [`spec.request: Invalid value: "${b64('hello')}": PEM block type must be CERTIFICATE REQUEST`],
    },
    {
      name: 'a certificate is not a request',
      obj: csr({ request: b64(certificate) }),
      want: [
        `spec.request: Invalid value: "${b64(certificate)}": PEM block type must be CERTIFICATE REQUEST`,
      ],
    },
    {
      name: 'bad signature',
      obj: csr({ request: b64(tampered) }),
      want: [`spec.request: Invalid value: "${b64(tampered)}": x509: ECDSA verification failure`],
    },
    {
      name: 'usages required, unknown and duplicate',
      obj: csr({ usages: ['client auth', 'flying', 'client auth'] }),
      want: [
        'spec.usages[1]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth", "code signing", "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature", "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement", "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing", "timestamping"',
        'spec.usages[2]: Duplicate value: "client auth"',
      ],
    },
    { name: 'no usages', obj: csr({ usages: [] }), want: ['spec.usages: Required value'] },
    { name: 'signer required', obj: csr({ signerName: '' }), want: ['spec.signerName: Required value'] },
    {
      name: 'signer without path',
      obj: csr({ signerName: 'example.com' }),
      want: [
        'spec.signerName: Invalid value: "example.com": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
      ],
    },
    {
      name: 'signer domain with one label',
      obj: csr({ signerName: 'example/signer' }),
      want: [
        'spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots',
      ],
    },
    {
      name: 'legacy signer',
      obj: csr({ signerName: 'kubernetes.io/legacy-unknown' }),
      want: [
        'spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version',
      ],
    },
    {
      name: 'short expiration',
      obj: csr({ expirationSeconds: 599 }),
      want: [
        'spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)',
      ],
    },
    {
      name: 'approved and denied',
      obj: csr(
        {},
        {
          conditions: [
            { type: 'Approved', status: 'True' },
            { type: 'Denied', status: 'True' },
          ],
        },
      ),
      want: [
        'status.conditions: Invalid value: [{"status":"True","type":"Approved"},{"status":"True","type":"Denied"}]: Approved and Denied conditions are mutually exclusive',
      ],
    },
    {
      name: 'approval condition must be True, duplicate type',
      obj: csr(
        {},
        {
          conditions: [
            { type: 'Approved', status: 'False' },
            { type: 'Approved', status: 'True' },
          ],
        },
      ),
      want: [
        'status.conditions[0].status: Unsupported value: "False": supported values: "True"',
        'status.conditions[1].type: Duplicate value: "Approved"',
      ],
    },
    {
      name: 'issued certificate must be PEM certificates',
      obj: csr({}, { certificate: b64('junk') }),
      want: [
        'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block',
      ],
    },
    { name: 'issued certificate accepted', obj: csr({}, { certificate: b64(certificate) }), want: [] },
    {
      name: 'update may not drop approval',
      obj: csr({}),
      old: csr({}, { conditions: [{ type: 'Approved', status: 'True' }] }),
      want: ['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'],
    },
    {
      name: 'update keeps a legacy signer it already had',
      obj: csr({ signerName: 'kubernetes.io/legacy-unknown' }),
      old: csr({ signerName: 'kubernetes.io/legacy-unknown' }),
      want: [],
    },
  ];
  runCases(certificateSigningRequestValidation, cases, test);
});
