export { errorCatalog, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export {
  StockpollerError,
  isStockpollerError,
  describeError,
  type ConfigProblem,
  type FailureInfo,
  type FailureKind,
  type StockpollerErrorOptions,
} from './stockpoller-error.js';
