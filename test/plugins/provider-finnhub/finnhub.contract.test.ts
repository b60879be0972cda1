import { describeProviderContract } from '../../contracts/provider-contract.js';
import { finnhubSubject } from './subject.js';

describeProviderContract(finnhubSubject);
