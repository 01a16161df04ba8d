import { idynVitest } from '@idyn/vitest-config';

export default idynVitest();
