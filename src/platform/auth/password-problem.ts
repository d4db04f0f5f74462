import { HttpProblem } from '../http/problem.js';
import type { PasswordContext } from './password-policy.js';
import { checkPassword } from './password-policy.js';

export class WeakPasswordProblem extends HttpProblem {
  constructor(field: string, failures: { rule: string; message: string }[]) {
    super(400, 'weak-password', 'Password does not meet the policy', 'The password breaks these rules: ' + failures.map((f) => f.rule).join(', ') + '.', {
      rules: failures.map((f) => f.rule),
      errors: failures.map((f) => ({ field, message: f.message })),
    });
  }
}

/** Throws a problem naming every failed rule. */
export function enforcePasswordPolicy(password: string, ctx: PasswordContext, field = 'body/password'): void {
  const failures = checkPassword(password, ctx);
  if (failures.length > 0) throw new WeakPasswordProblem(field, failures);
}
