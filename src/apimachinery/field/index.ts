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
  tooFew,
  tooLongCharacters,
  tooMany,
  tooShort,
  typeInvalid,
} from './errors.js';
export { goJSON } from './go-json.js';
export { FieldPath, path } from './path.js';
export { goQuote } from './quote.js';
