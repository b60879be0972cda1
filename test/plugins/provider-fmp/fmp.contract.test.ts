import { describeProviderContract } from '../../contracts/provider-contract.js';
import { fmpSubject } from './subject.js';

describeProviderContract(fmpSubject);
