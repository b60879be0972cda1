import cacheMemory from '../../plugins/cache-memory/index.js';
import cacheRedis from '../../plugins/cache-redis/index.js';
import providerAlpaca from '../../plugins/provider-alpaca/index.js';
import providerAlphavantage from '../../plugins/provider-alphavantage/index.js';
import providerBarchart from '../../plugins/provider-barchart/index.js';
import providerFinnhub from '../../plugins/provider-finnhub/index.js';
import providerFmp from '../../plugins/provider-fmp/index.js';
import providerIntrinio from '../../plugins/provider-intrinio/index.js';
import providerPolygon from '../../plugins/provider-polygon/index.js';
import providerSimulated from '../../plugins/provider-simulated/index.js';
import providerTiingo from '../../plugins/provider-tiingo/index.js';
import providerTwelvedata from '../../plugins/provider-twelvedata/index.js';
import secretStoreEnv from '../../plugins/secret-store-env/index.js';
import transportFile from '../../plugins/transport-file/index.js';
import transportRabbitmq from '../../plugins/transport-rabbitmq/index.js';
import transportSqs from '../../plugins/transport-sqs/index.js';
import transportStdout from '../../plugins/transport-stdout/index.js';
import { PluginRegistry } from './registry.js';

/**
 * The plugins that ship with stockpoller. Their modules are light (schemas and factories);
 * heavy SDKs are imported inside `create()`, so validating a manifest never loads them.
 */
const builtinPlugins: readonly unknown[] = [
  secretStoreEnv,
  cacheMemory,
  cacheRedis,
  transportStdout,
  transportFile,
  transportSqs,
  transportRabbitmq,
  providerSimulated,
  providerPolygon,
  providerFinnhub,
  providerAlphavantage,
  providerTwelvedata,
  providerFmp,
  providerTiingo,
  providerIntrinio,
  providerBarchart,
  providerAlpaca,
];

/** A registry holding every built-in plugin. */
export function createBuiltinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const plugin of builtinPlugins) registry.register(plugin, 'built-in');
  return registry;
}
