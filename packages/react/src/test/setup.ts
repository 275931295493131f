import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Generous waits: the suite runs beside other packages' tests on a loaded 2-core machine. They only
// bound how long a condition may take to appear; nothing asserts on time.
configure({ asyncUtilTimeout: 15_000 });

// Testing Library unmounts after each test by itself only when the runner has globals; here it has not.
afterEach(() => cleanup());
