export { type Command, commands } from './commands.js';
export { main } from './run.js';
export { KUBERNETES_VERSION, kiteVersion } from '../version.js';
