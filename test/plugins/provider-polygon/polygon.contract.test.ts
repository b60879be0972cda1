import { describeProviderContract } from '../../contracts/provider-contract.js';
import { polygonBasicSubject, polygonSubject } from './subject.js';

describeProviderContract(polygonSubject);
describeProviderContract(polygonBasicSubject);
