import { storeSuite } from './store-suite.js';
import { mysqlTarget } from './store-target.js';

storeSuite('mysql', mysqlTarget());
