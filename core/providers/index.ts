export {
  providerFailure,
  asProviderFailure,
  untilNextUtcMidnight,
  untilNextZonedMidnight,
  type FailureDetails,
} from './failure.js';
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
  ProviderJsonApi,
  type ProviderBodyClassifier,
  type ProviderJsonApiOptions,
} from './json-api.js';
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
export {
  parseBarWindow,
  isBarInWindow,
  isBarComplete,
  describeBars,
  noBarsFailure,
  type BarWindow,
  type BarWindowOptions,
} from './bar-window.js';
export {
  quoteEach,
  quoteInBatches,
  mapBatchAnswer,
  describeSymbols,
  keyLevelFailures,
  type QuoteStop,
  type QuoteRoundOptions,
  type QuoteEachOptions,
  type QuoteInBatchesOptions,
} from './quote-each.js';
export {
  addDays,
  parseInstant,
  firstInstant,
  readInstant,
  toNewYorkDate,
  toDailyBarDate,
  toSessionCloseMs,
  formatNewYorkWallTime,
} from './trading-time.js';
export { createLocalTimeReader, type LocalTimeReader } from './local-time.js';
export { keepPositive, toPrice, toOptionalPrice, toOptionalVolume } from './prices.js';
