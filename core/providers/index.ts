export { providerFailure, untilNextUtcMidnight, type FailureDetails } from './failure.js';
export { ProviderHttp, type ProviderHttpOptions, type ProviderResponse } from './http.js';
export {
  readJson,
  classifyStatus,
  retryAfterMsOf,
  looksLikeHtml,
  excerptOf,
  type ReadJsonOptions,
} from './read-json.js';
export { checkBody } from './body-schema.js';
export {
  buildQuote,
  sortBars,
  chunk,
  outcomesInOrder,
  failAll,
  type QuoteFields,
} from './records.js';
export { baseUrlOption, timeoutOption, credentialOption } from './options.js';
export { scrubSecrets } from './scrub.js';
export {
  newYork,
  toNumber,
  toNullableNumber,
  toPercent,
  roundTo,
  fromUnix,
  zonedToEpoch,
  dailyBarTimestamp,
  newYorkDateOf,
} from './values.js';
