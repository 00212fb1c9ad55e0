/**
 * Thrown by the meta parsers (group-versions, timestamps) for input they cannot accept. The message
 * is the text upstream gives for the same input, so it can be passed on to clients unchanged.
 */
export class MetaParseError extends Error {
  override readonly name = 'MetaParseError';
}
