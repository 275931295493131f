import type { Preview } from '@storybook/react-vite';
import '../src/styles.css';

const preview: Preview = {
  parameters: {
    layout: 'fullscreen',
    // Violations fail the story in the a11y panel; the e2e suite also runs axe on every built story.
    a11y: { test: 'error' },
  },
};

export default preview;
