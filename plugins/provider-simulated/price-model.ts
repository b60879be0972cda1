import { epochDayOf, sessionMinutes, sessionNumberOf } from './calendar.js';
import { deriveKey, hashText, normalOf, uniformOf, uniformStream } from './random.js';

/*
 * The price of a symbol follows a seeded random walk of daily closes, built as a dyadic
 * Brownian bridge over 2^20 sessions so that any session's close costs 20 steps instead of a
 * walk from the origin. Each session then gets a minute path bridged from its open to its
 * close; daily highs, lows and volumes are taken from that path, so bars of every size agree.
 */

const treeDepth = 20;
const treeSpan = 2 ** treeDepth;
const treeCentre = treeSpan / 2;
// Prices equal their base price on this date, whatever the seed.
const originSession = sessionNumberOf(epochDayOf('2026-01-01'));
const tradingDaysPerYear = 252;
// Share of a day's variance that happens overnight, between the close and the next open.
const overnightShare = 0.2;

// Independent random streams of one symbol or session.
const Stream = { Walk: 1, Gap: 2, Minutes: 3, Extremes: 4, Volume: 5, DayVolume: 6 } as const;

/** What the simulation knows about one symbol. */
export interface SymbolModel {
  readonly symbol: string;
  readonly key: number;
  /** Close on the origin date. */
  readonly basePrice: number;
  /** Standard deviation of one day's log return. */
  readonly dailySigma: number;
  /** Typical shares traded per day. */
  readonly baseVolume: number;
  /** Walk value at the origin, subtracted so the origin close is the base price. */
  readonly originWalk: number;
}

/** One regular session of one symbol, minute by minute, prices rounded to cents. */
export interface SessionPath {
  readonly session: number;
  /** Price at each minute boundary: [0] is the open, [390] the close. */
  readonly prices: Float64Array;
  /** High, low and volume of each minute bar. */
  readonly highs: Float64Array;
  readonly lows: Float64Array;
  readonly volumes: Float64Array;
  /** Close of the session before, the previous close of quotes. */
  readonly previousClose: number;
}

/** Builds the model of `symbol` under `seed`. */
export function createSymbolModel(
  seed: number,
  symbol: string,
  volatility: number,
  basePrice: number | undefined,
): SymbolModel {
  const symbolHash = hashText(symbol);
  const key = deriveKey(hashText(`seed:${seed}`), symbolHash);
  return {
    symbol,
    key,
    // Derived from the symbol alone, so that changing the seed keeps the price level.
    basePrice: basePrice ?? logUniform(deriveKey(symbolHash, 1), 10, 500),
    dailySigma: volatility / Math.sqrt(tradingDaysPerYear),
    baseVolume: Math.round(logUniform(deriveKey(symbolHash, 2), 200_000, 20_000_000)),
    originWalk: walkAt(key, treeCentre),
  };
}

/** True when `session` lies inside the span the walk covers (about 2,000 years each way). */
export function isSessionModelled(session: number): boolean {
  const position = session - originSession + treeCentre;
  return position >= 1 && position <= treeSpan;
}

/** Close of a session, in cents. */
export function closeOf(model: SymbolModel, session: number): number {
  const walk = walkAt(model.key, session - originSession + treeCentre);
  return roundCents(model.basePrice * Math.exp(model.dailySigma * (walk - model.originWalk)));
}

// Scratch space for the steps of one session, reused: sessions are built one at a time.
const scratchSteps = new Float64Array(sessionMinutes);
// Uniform steps on [-sqrt(3), sqrt(3)] have variance 1; summed over minutes they are close
// to normal, and they cost a fraction of Box-Muller normals.
const uniformStepWidth = 2 * Math.sqrt(3);

/** Builds the minute path of a session. */
export function buildSessionPath(model: SymbolModel, session: number): SessionPath {
  const sessionKey = deriveKey(model.key, session);
  const previousClose = closeOf(model, session - 1);
  const close = closeOf(model, session);
  const gapSigma = model.dailySigma * Math.sqrt(overnightShare);
  const logOpen = Math.log(previousClose) + gapSigma * normalOf(deriveKey(sessionKey, Stream.Gap));

  // Brownian bridge from the open to the close: a free walk, minus its own drift to the end.
  const steps = scratchSteps;
  const stepOf = uniformStream(deriveKey(sessionKey, Stream.Minutes));
  let total = 0;
  for (let minute = 0; minute < sessionMinutes; minute++) {
    const step = (stepOf() - 0.5) * uniformStepWidth;
    steps[minute] = step;
    total += step;
  }
  const minuteSigma = model.dailySigma * Math.sqrt((1 - overnightShare) / sessionMinutes);
  const pull = (Math.log(close) - logOpen - minuteSigma * total) / sessionMinutes;

  const prices = new Float64Array(sessionMinutes + 1);
  const highs = new Float64Array(sessionMinutes);
  const lows = new Float64Array(sessionMinutes);
  const reachOf = uniformStream(deriveKey(sessionKey, Stream.Extremes));
  let exact = Math.exp(logOpen);
  let from = roundCents(exact);
  prices[0] = from;
  for (let minute = 1; minute <= sessionMinutes; minute++) {
    exact *= growthOf(pull + minuteSigma * (steps[minute - 1] ?? 0));
    const to = minute === sessionMinutes ? close : roundCents(exact);
    prices[minute] = to;
    // Trades inside a minute reach a little beyond the prices at its two ends.
    const reach = 1 + minuteSigma * 1.5 * reachOf();
    highs[minute - 1] = roundCents(Math.max(from, to) * reach);
    lows[minute - 1] = roundCents(Math.min(from, to) / reach);
    from = to;
  }

  return {
    session,
    prices,
    highs,
    lows,
    volumes: buildVolumes(model, sessionKey),
    previousClose,
  };
}

/**
 * exp(x) for the small log returns of one minute (|x| well under 0.05), by its Taylor series:
 * the error stays below 1e-8 of the price, and it is several times cheaper than Math.exp.
 */
function growthOf(x: number): number {
  return 1 + x * (1 + x * (0.5 + x * (1 / 6 + x / 24)));
}

/** Whole shares per minute, heavier near the open and the close. */
function buildVolumes(model: SymbolModel, sessionKey: number): Float64Array {
  const dayVolume =
    model.baseVolume * Math.exp(0.3 * normalOf(deriveKey(sessionKey, Stream.DayVolume)));
  const noiseOf = uniformStream(deriveKey(sessionKey, Stream.Volume));
  const volumes = new Float64Array(sessionMinutes);
  const middle = (sessionMinutes - 1) / 2;
  let weightSum = 0;
  for (let minute = 0; minute < sessionMinutes; minute++) {
    const fromMiddle = (minute - middle) / middle;
    const weight = (1 + 2 * fromMiddle * fromMiddle) * (0.6 + 0.8 * noiseOf());
    volumes[minute] = weight;
    weightSum += weight;
  }
  // Turn the weights into shares in place.
  const sharesPerWeight = dayVolume / weightSum;
  for (let minute = 0; minute < sessionMinutes; minute++) {
    volumes[minute] = Math.round((volumes[minute] ?? 0) * sharesPerWeight);
  }
  return volumes;
}

/**
 * The Brownian motion at grid position `position`, by descending the dyadic tree: each
 * midpoint is the mean of its interval's ends plus a normal step of variance span / 4.
 */
function walkAt(key: number, position: number): number {
  const walkKey = deriveKey(key, Stream.Walk);
  let low = 0;
  let high = treeSpan;
  let lowValue = 0;
  let highValue = Math.sqrt(treeSpan) * normalOf(deriveKey(walkKey, treeSpan));
  while (high - low > 1) {
    const middle = (low + high) / 2;
    const middleValue =
      (lowValue + highValue) / 2 +
      Math.sqrt((high - low) / 4) * normalOf(deriveKey(walkKey, middle));
    if (position < middle) {
      high = middle;
      highValue = middleValue;
    } else {
      low = middle;
      lowValue = middleValue;
    }
  }
  return position === low ? lowValue : highValue;
}

/** Rounds a price to cents, never below one cent. */
export function roundCents(price: number): number {
  return Math.max(0.01, Math.round(price * 100) / 100);
}

function logUniform(key: number, min: number, max: number): number {
  return roundCents(min * Math.exp(uniformOf(key) * Math.log(max / min)));
}
