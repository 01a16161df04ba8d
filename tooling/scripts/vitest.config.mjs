import { idynVitest } from '@idyn/vitest-config';

export default idynVitest({ test: { include: ['test/**/*.test.mjs'] } });
