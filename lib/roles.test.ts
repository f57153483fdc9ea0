import { canManageEveryone, canManagePeople, canPublish, canWrite, ROLE_GROUPS, roleOf, roleSchema, ROLES } from './roles';

describe('roleOf', () => {
  it('gives each role group its role', () => {
    for (const role of ROLES) expect(roleOf([ROLE_GROUPS[role]])).toBe(role);
  });
  it('makes an account in no role group a reader, whatever other groups it holds', () => {
    expect(roleOf([])).toBe('reader');
    expect(roleOf(['us-east-1_abc_Google'])).toBe('reader');
  });
  it('keeps the highest role of an account in two groups', () => {
    expect(roleOf(['AUTHORS', 'ADMINS'])).toBe('admin');
    expect(roleOf(['CONTRIBUTORS', 'EDITORS'])).toBe('editor');
  });
  it('matches group names exactly', () => {
    expect(roleOf(['admins', 'ADMINS '])).toBe('reader');
  });
});

describe('what each role may do', () => {
  it('lets contributors and above write, and only authors and above publish their own', () => {
    expect(ROLES.filter(canWrite)).toEqual(['contributor', 'author', 'editor', 'admin']);
    expect(ROLES.filter((role) => canPublish(role, true))).toEqual(['author', 'editor', 'admin']);
  });
  it("lets only editors and admins publish someone else's post", () => {
    expect(ROLES.filter((role) => canPublish(role, false))).toEqual(['editor', 'admin']);
    expect(ROLES.filter(canManageEveryone)).toEqual(['editor', 'admin']);
  });
  it('lets only admins change roles', () => {
    expect(ROLES.filter(canManagePeople)).toEqual(['admin']);
  });
  it('accepts only the listed roles as input', () => {
    expect(roleSchema.safeParse('editor').success).toBe(true);
    expect(roleSchema.safeParse('EDITORS').success).toBe(false);
    expect(roleSchema.safeParse('owner').error?.issues[0]?.message).toBe('Choose one of the roles listed.');
  });
});
