// Test helpers of @idyn/sweep (subpath `@idyn/sweep/testing`): re-exports only.
export {
  freePort,
  type RedisServer,
  startRedisServer,
  type StartRedisServerOptions,
} from './startRedisServer.js';
