import { mysqlTarget } from '../store/store-target.js';
import { providerSuite } from './provider-suite.js';

providerSuite('mysql', mysqlTarget());
