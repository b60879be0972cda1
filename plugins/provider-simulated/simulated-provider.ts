import type { Bar } from '../../core/contract/types.js';
import { providerFailure } from '../../core/providers/failure.js';
import { StockpollerError, describeError, isStockpollerError } from '../../core/errors/index.js';
import type {
  BarRequest,
  PluginContext,
  ProviderCapabilities,
  ProviderInstance,
  QuoteOutcome,
} from '../../core/plugins/types.js';
import { generateBars, intradayIntervals, parseBarRequest } from './bars.js';
import { marketPositionAt } from './calendar.js';
import type { SimulatedOptions } from './options-schema.js';
import {
  buildSessionPath,
  createSymbolModel,
  isSessionModelled,
  type SessionPath,
  type SymbolModel,
} from './price-model.js';
import { quoteOf } from './quotes.js';

const providerName = 'simulated';
// Bounds on cached work: about 12 KB per session path.
const maxCachedModels = 10_000;
const maxCachedSessions = 1_024;

/** What the simulated provider can do. */
export const simulatedCapabilities: ProviderCapabilities = {
  quote: true,
  maxSymbolsPerCall: 1000,
  dailyBars: true,
  intradayIntervals,
  rateLimits: {},
};

/** A provider instance that always serves bars and can be stopped. */
export type SimulatedProvider = ProviderInstance &
  Required<Pick<ProviderInstance, 'fetchBars' | 'stop'>>;

/**
 * Creates a simulated provider: prices are a pure function of (seed, symbol, time), so two
 * instances with the same options agree at the same clock instant, and bars never change
 * between calls. Makes no I/O.
 */
export function createSimulatedProvider(
  context: PluginContext,
  options: SimulatedOptions,
): SimulatedProvider {
  const models = new Map<string, SymbolModel>();
  const sessions = new Map<string, SessionPath>();
  const unknownSymbols = new Set(options.unknownSymbols.map((symbol) => symbol.toUpperCase()));

  const modelOf = (symbol: string): SymbolModel => {
    let model = models.get(symbol);
    if (!model) {
      if (models.size >= maxCachedModels) models.clear();
      const basePrice = options.basePrices?.[symbol];
      model = createSymbolModel(options.seed, symbol, options.volatility, basePrice);
      models.set(symbol, model);
    }
    return model;
  };

  const sessionOf = (model: SymbolModel, session: number): SessionPath => {
    const key = `${model.symbol}\u0000${String(session)}`;
    let path = sessions.get(key);
    if (path) {
      // Re-insert to mark it most recently used.
      sessions.delete(key);
    } else {
      path = buildSessionPath(model, session);
      const oldest = sessions.keys().next();
      if (sessions.size >= maxCachedSessions && oldest.done !== true) sessions.delete(oldest.value);
    }
    sessions.set(key, path);
    return path;
  };

  const checkKnown = (symbol: string): void => {
    if (unknownSymbols.has(symbol.toUpperCase())) {
      throw providerFailure(
        'not_found',
        `simulated provider: ${symbol} is listed in unknownSymbols`,
        {
          hint: 'symbol not found',
        },
      );
    }
  };

  return {
    capabilities: simulatedCapabilities,

    fetchQuotes(symbols: readonly string[], signal?: AbortSignal): Promise<QuoteOutcome[]> {
      signal?.throwIfAborted();
      const nowMs = context.clock.now();
      const position = marketPositionAt(nowMs);
      if (!isSessionModelled(position.session)) {
        throw providerFailure(
          'bad_request',
          `simulated provider: the clock (${String(nowMs)}) is outside the years it simulates`,
          { hint: 'Set the clock between the years 100 and 3900.' },
        );
      }

      const outcomes = symbols.map((symbol): QuoteOutcome => {
        try {
          checkKnown(symbol);
          const path = sessionOf(modelOf(symbol), position.session);
          const point = {
            symbol,
            provider: providerName,
            currency: options.currency,
            nowMs,
            elapsedMinutes: position.elapsedMinutes,
          };
          return { symbol, quote: quoteOf(path, point) };
        } catch (error) {
          return { symbol, error: asProviderError(symbol, error) };
        }
      });
      return Promise.resolve(outcomes);
    },

    fetchBars(request: BarRequest, signal?: AbortSignal): Promise<Bar[]> {
      signal?.throwIfAborted();
      checkKnown(request.symbol);
      const window = parseBarRequest(request);
      const model = modelOf(request.symbol);
      const bars = generateBars(window, context.clock.now(), providerName, (session) =>
        sessionOf(model, session),
      );
      return Promise.resolve(bars);
    },

    stop(): Promise<void> {
      models.clear();
      sessions.clear();
      return Promise.resolve();
    },
  };
}

function asProviderError(symbol: string, error: unknown): StockpollerError {
  if (isStockpollerError(error)) return error;
  return new StockpollerError(
    'SP_ERR_INTERNAL',
    `simulated provider failed to quote ${symbol}: ${describeError(error)}`,
    'This is a bug in the simulated provider; please report it.',
    { cause: error },
  );
}
