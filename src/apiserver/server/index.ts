export { APIServer, type APIServerConfig } from './api-server.js';
export { type ServerOptions, startServer } from './start.js';
