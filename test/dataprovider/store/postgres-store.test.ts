import { storeSuite } from './store-suite.js';
import { postgresTarget } from './store-target.js';

storeSuite('postgresql', postgresTarget());
