import { describeProviderContract } from '../../contracts/provider-contract.js';
import { alphavantageSubject } from './subject.js';

describeProviderContract(alphavantageSubject);
