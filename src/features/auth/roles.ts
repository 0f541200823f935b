/** CloudStack's user role types, as `login` answers them in `type`. */
export function roleName(type: string): string {
  switch (type) {
    case '1':
      return 'Root admin';
    case '2':
      return 'Domain admin';
    case '0':
      return 'User';
    default:
      return `Role type ${type}`;
  }
}
