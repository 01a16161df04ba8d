import { idynTsup } from '@idyn/tsup-config';

export default idynTsup(import.meta.url);
