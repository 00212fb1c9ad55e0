// A rate-limited work queue of keys, as client-go's workqueue.
export {
  BucketRateLimiter,
  defaultControllerRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  type RateLimiter,
} from './rate-limiter.js';
export { WorkQueue } from './work-queue.js';
