import { DomainError } from '../../domain/errors';
import { evaluationOutcomeInputSchema } from '../../domain/followup/evaluation';
import {
  actionInputSchema,
  answerInputSchema,
  attendanceCorrectionInputSchema,
  attendanceInputSchema,
  crisisPlanInputSchema,
  evaluationInputSchema,
  narrativeInputSchema,
  parseReportInput,
  reassignInputSchema,
  REPORT_DECISIONS_MAX,
  REPORT_LONG_MAX,
} from '../../domain/report/report';
import type { z } from 'zod';

const ACTION = { what: 'Call the landlord', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2027-06-15' };
const CONTACT = { entryId: 'e-sw', how: '02 000 00 01', inOfficeHours: true, outOfOfficeHours: false };
const PLAN = { warningSigns: 'Stops eating', whatToDo: 'Call', contacts: [CONTACT] };

// [what, schema, input, accepted]
const CASES: [string, z.ZodType, unknown, boolean][] = [
  ['attendance: present online', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'present', mode: 'online' }] }, true],
  ['attendance: excused without a mode', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'excused' }] }, true],
  ['attendance: present without a mode', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'present' }] }, false],
  ['attendance: absent but online', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'absent', mode: 'online' }] }, false],
  ['attendance: an unknown status', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'late' }] }, false],
  ['attendance: no line', attendanceInputSchema, { lines: [] }, false],
  ['attendance: an extra field', attendanceInputSchema, { lines: [{ participantId: 'e-gp', status: 'excused', paid: true }] }, false],
  ['correction: a reason with a control character', attendanceCorrectionInputSchema, { line: { participantId: 'e-gp', status: 'absent' }, reason: 'late\u0007' }, false],
  ['narrative: decisions only', narrativeInputSchema, { decisions: ['Look for housing'] }, true],
  ['narrative: a multi-line situation', narrativeInputSchema, { situation: 'Line one\nLine two', decisions: [] }, true],
  ['narrative: a bidi override in what goes well', narrativeInputSchema, { whatGoesWell: 'fine\u202E', decisions: [] }, false],
  ['narrative: a situation one character too long', narrativeInputSchema, { situation: 'x'.repeat(REPORT_LONG_MAX + 1), decisions: [] }, false],
  ['narrative: too many decisions', narrativeInputSchema, { decisions: Array.from({ length: REPORT_DECISIONS_MAX + 1 }, () => 'd') }, false],
  ['narrative: a blank decision', narrativeInputSchema, { decisions: ['   '] }, false],
  ['action: owned by a participant', actionInputSchema, ACTION, true],
  ['action: owned by a relative named only', actionInputSchema, { ...ACTION, owner: { kind: 'relative', name: 'Niece Anna' } }, true],
  ['action: owned by the person in the network', actionInputSchema, { ...ACTION, owner: { kind: 'person', entryId: 'e-person' } }, true],
  ['action: a relative with both an entry and a name', actionInputSchema, { ...ACTION, owner: { kind: 'relative', entryId: 'e-x', name: 'X' } }, false],
  ['action: a relative with neither', actionInputSchema, { ...ACTION, owner: { kind: 'relative' } }, false],
  ['action: a participant named only', actionInputSchema, { ...ACTION, owner: { kind: 'participant', name: 'Dr A' } }, false],
  ['action: an owner name on two lines', actionInputSchema, { ...ACTION, owner: { kind: 'relative', name: 'Anna\nB' } }, false],
  ['action: 30 February', actionInputSchema, { ...ACTION, dueDate: '2027-02-30' }, false],
  ['action: a date with a time', actionInputSchema, { ...ACTION, dueDate: '2027-06-15T10:00' }, false],
  ['action: no owner', actionInputSchema, { what: 'x', dueDate: '2027-06-15' }, false],
  ['crisis plan: a member and a named service', crisisPlanInputSchema, { ...PLAN, contacts: [CONTACT, { name: 'Crisis line', how: '0800', inOfficeHours: false, outOfOfficeHours: true }] }, true],
  ['crisis plan: no contact (refused by the rules, with their own message)', crisisPlanInputSchema, { ...PLAN, contacts: [] }, true],
  ['crisis plan: a contact without how to reach them', crisisPlanInputSchema, { ...PLAN, contacts: [{ entryId: 'e-sw', inOfficeHours: true, outOfOfficeHours: true }] }, false],
  ['crisis plan: a contact with neither entry nor name', crisisPlanInputSchema, { ...PLAN, contacts: [{ how: '0800', inOfficeHours: true, outOfOfficeHours: true }] }, false],
  ['crisis plan: no warning signs', crisisPlanInputSchema, { ...PLAN, warningSigns: '' }, false],
  ['evaluation: who, how, when', evaluationInputSchema, { who: 'e-sw', how: 'Phone round', date: '2027-07-01' }, true],
  ['evaluation: no date', evaluationInputSchema, { who: 'e-sw', how: 'Phone round' }, false],
  ['answer: done', answerInputSchema, { answer: 'done' }, true],
  ['answer: not done yet with a date', answerInputSchema, { answer: 'not_done_yet', newDueDate: '2027-06-20' }, true],
  ['answer: not done yet without a date', answerInputSchema, { answer: 'not_done_yet' }, false],
  ['answer: blocked with why', answerInputSchema, { answer: 'blocked', reason: 'Waiting' }, true],
  ['answer: blocked without why', answerInputSchema, { answer: 'blocked' }, false],
  ['answer: blocked with a blank why', answerInputSchema, { answer: 'blocked', reason: '  ' }, false],
  ['answer: not mine without a reason', answerInputSchema, { answer: 'not_mine' }, true],
  ['answer: done with a smuggled date', answerInputSchema, { answer: 'done', newDueDate: '2027-06-20' }, false],
  ['answer: an unknown answer', answerInputSchema, { answer: 'maybe' }, false],
  ['reassign: a new owner, no date', reassignInputSchema, { owner: { kind: 'participant', entryId: 'e-ot' } }, true],
  ['reassign: an id with spaces', reassignInputSchema, { owner: { kind: 'participant', entryId: 'e ot' } }, false],
  ['evaluation outcome: close', evaluationOutcomeInputSchema, { agreementsMet: 'all', enough: true, decision: 'close' }, true],
  ['evaluation outcome: an unknown decision', evaluationOutcomeInputSchema, { agreementsMet: 'all', enough: true, decision: 'pause' }, false],
];

describe('report input schemas', () => {
  it.each(CASES)('%s: accepted %p', (_what, schema, input, accepted) => {
    expect(schema.safeParse(input).success).toBe(accepted);
  });
});

describe('parseReportInput', () => {
  it('returns the parsed, trimmed input', () => {
    expect(parseReportInput(answerInputSchema, { answer: 'blocked', reason: '  Waiting  ' }, 'answer')).toEqual({ answer: 'blocked', reason: 'Waiting' });
  });

  it('names the offending fields, never their values', () => {
    try {
      parseReportInput(actionInputSchema, { ...ACTION, what: 'secret\u0000', dueDate: '2027-02-30' }, 'action');
      throw new Error('expected a DomainError');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      const e = err as DomainError;
      expect(e.code).toBe('validation.invalid');
      expect(e.params).toEqual({ fields: ['report.action.what', 'report.action.dueDate'] });
      expect(JSON.stringify(e.params)).not.toContain('secret');
    }
  });
});
