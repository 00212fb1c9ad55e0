import type { ServerResponse } from 'node:http';
import type { StatusError } from '../../apimachinery/errors/index.js';

/** Writes a body with its status code and headers, then ends the response. */
export function send(
  res: ServerResponse,
  code: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(code, { 'Content-Type': contentType, ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes a JSON document. */
export function sendJSON(
  res: ServerResponse,
  code: number,
  doc: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, code, 'application/json', JSON.stringify(doc), headers);
}

/** Writes a failure as the `metav1.Status` kube-apiserver answers with. */
export function sendStatus(
  res: ServerResponse,
  err: StatusError,
  headers: Record<string, string> = {},
): void {
  sendJSON(res, err.code, err.toJSON(), headers);
}
