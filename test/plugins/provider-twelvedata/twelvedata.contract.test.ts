import { describeProviderContract } from '../../contracts/provider-contract.js';
import { twelvedataSubject } from './subject.js';

describeProviderContract(twelvedataSubject);
