import { describeProviderContract } from '../../contracts/provider-contract.js';
import { alpacaSubject } from './subject.js';

describeProviderContract(alpacaSubject);
