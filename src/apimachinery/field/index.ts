export {
  aggregateMessage,
  duplicate,
  errorBody,
  errorString,
  type FieldError,
  type FieldErrorList,
  FieldErrorType,
  filterOutTypes,
  forbidden,
  internalError,
  invalid,
  notFound,
  notSupported,
  omitValue,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './errors.js';
export { FieldPath, path } from './path.js';
export { goQuote } from './quote.js';
