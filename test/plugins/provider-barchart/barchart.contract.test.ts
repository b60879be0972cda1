import { describeProviderContract } from '../../contracts/provider-contract.js';
import { barchartSubject } from './subject.js';

describeProviderContract(barchartSubject);
