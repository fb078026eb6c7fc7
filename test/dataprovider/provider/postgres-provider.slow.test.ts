import { postgresTarget } from '../store/store-target.js';
import { providerSuite } from './provider-suite.js';

providerSuite('postgresql', postgresTarget());
