import { describeProviderContract } from '../../contracts/provider-contract.js';
import { intrinioSubject } from './subject.js';

describeProviderContract(intrinioSubject);
