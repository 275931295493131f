import { render, screen } from '@testing-library/react';
import { version } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, test } from 'vitest';

test('the project runs the React major it is named for (react and react-dom), in components and in Testing Library alike', () => {
  const major = process.env['RK_REACT'];
  expect(version.split('.')[0]).toBe(major);
  expect(domVersion).toBe(version);
  function Version() {
    return <p>{version}</p>;
  }
  render(<Version />);
  expect(screen.getByText(version)).toBeTruthy();
});
