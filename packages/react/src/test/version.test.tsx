import { render, screen } from '@testing-library/react';
import { version } from 'react';
import { expect, test } from 'vitest';

test('the project runs the React major it is named for, in components and in Testing Library alike', () => {
  const major = process.env['RK_REACT'];
  expect(version.split('.')[0]).toBe(major);
  function Version() {
    return <p>{version}</p>;
  }
  render(<Version />);
  expect(screen.getByText(version)).toBeTruthy();
});
