// The scanner lives with the other wire-format helpers in apimachinery; request code imports it here.
export {
  GO_JSON_MAX_DEPTH,
  GoJSONSyntaxError,
  type Scanned,
  scanGoJSON,
} from '../../apimachinery/json/index.js';
