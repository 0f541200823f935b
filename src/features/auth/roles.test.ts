import { expect, it } from 'vitest';
import { roleName } from './roles';

it('names the role types of login', () => {
  expect(roleName('1')).toBe('Root admin');
  expect(roleName('2')).toBe('Domain admin');
  expect(roleName('0')).toBe('User');
  expect(roleName('4')).toBe('Role type 4');
});
