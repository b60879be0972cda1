import { describeProviderContract } from '../../contracts/provider-contract.js';
import { tiingoSubject } from './subject.js';

describeProviderContract(tiingoSubject);
