import { init } from 'consent-sieve';
import config from './consent-sieve.json';

init(config);
