import { MemoryRateLimiterStore } from '../../../core/runtime/rate-limiter-store.js';
import { describeRateLimiterStoreContract } from '../../contracts/rate-limiter-store-contract.js';

describe('MemoryRateLimiterStore', () => {
  describeRateLimiterStoreContract('MemoryRateLimiterStore', () =>
    Promise.resolve(new MemoryRateLimiterStore()),
  );
});
