export { APIServer, type APIServerConfig, type OperationsOptions } from './api-server.js';
export { type LoopbackCredentials, type ServerOptions, type StartedServer, startServer } from './start.js';
