export { APIServer, type APIServerConfig, type OperationsOptions } from './api-server.js';
export { type ServerOptions, startServer } from './start.js';
