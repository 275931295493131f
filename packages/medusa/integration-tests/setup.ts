import { register } from 'tsx/cjs/api';

// Medusa `require`s medusa-config.ts and the plugin's TypeScript sources; tsx compiles them on the way.
register();
