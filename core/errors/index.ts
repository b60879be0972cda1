export { errorCatalog, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export {
  StockpollerError,
  isStockpollerError,
  describeError,
  type ConfigProblem,
  type StockpollerErrorOptions,
} from './stockpoller-error.js';
