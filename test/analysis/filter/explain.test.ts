import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../src-main/analysis/filter';

const explain = (source: string) => compileFilter(source).explain();

describe('explain', () => {
  it('describes the empty filter', () => {
    expect(explain('')).toBe('all messages');
  });

  it('describes single-valued fields with "the"', () => {
    expect(explain('frame > 5')).toBe('messages where the frame number is greater than 5');
    expect(explain('pair.latency <= 20')).toBe('messages where the response time in ms is at most 20');
    expect(explain('code != 3')).toBe('messages where the message code is not 3');
    expect(explain('tcp.stream >= 2')).toBe('messages where the TCP stream number is at least 2');
  });

  it('describes repeated fields with "a", "no", "every" and "some"', () => {
    expect(explain('note == error')).toBe('messages where a note severity is error');
    expect(explain('note != error')).toBe('messages where no note severity is error');
    expect(explain('note === error')).toBe('messages where every note severity is error');
    expect(explain('note !== error')).toBe('messages where some note severity is not error');
    expect(explain('ip.addr == 10.0.0.0/8')).toBe(
      'messages where an IP address (source or destination) is in 10.0.0.0/8',
    );
  });

  it('describes an address block as membership', () => {
    expect(explain('ip.src != 10.0.0.0/8')).toBe('messages where the source IP address is not in 10.0.0.0/8');
    expect(explain('ip.src > 10.0.0.0/8')).toBe('messages where the source IP address is greater than 10.0.0.0/8');
  });

  it('describes existence tests in words of their own', () => {
    expect(explain('hobbits')).toBe('messages where the protocol is hobbits');
    expect(explain('note')).toBe('messages where the message has a note');
    expect(explain('!pair')).toBe('messages where not (the message is a request or a response)');
    expect(explain('hobbits.hello')).toBe('messages where the message is a hobbits hello or has a hobbits.hello field');
    expect(explain('hobbits.body.headers')).toBe('messages where hobbits.body.headers is present');
  });

  it('describes contains, matches and sets', () => {
    expect(explain('note.text contains "late"')).toBe('messages where a note text contains "late"');
    expect(explain('message matches "^get"')).toBe(
      'messages where the message name matches the regular expression "^get" (ignoring case)',
    );
    expect(explain('message ~ "(?-i)^GET"')).toBe(
      'messages where the message name matches the regular expression "(?-i)^GET"',
    );
    expect(explain('code in {1 2..5}')).toBe('messages where the message code is 1 or between 2 and 5');
    expect(explain('code not in {1 2 3}')).toBe('messages where the message code is neither 1, 2 nor 3');
    expect(explain('note not in {error}')).toBe('messages where no note severity is error');
  });

  it('keeps the grouping of the filter in parentheses', () => {
    expect(explain('hobbits && (pair == unanswered || note == error)')).toBe(
      'messages where the protocol is hobbits and (the pairing status is unanswered or a note severity is error)',
    );
    expect(explain('a || b && c')).toBe(
      'messages where the protocol is a or (the protocol is b and the protocol is c)',
    );
    expect(explain('frame == 1 || frame == 2 || frame == 3')).toBe(
      'messages where the frame number is 1, the frame number is 2 or the frame number is 3',
    );
  });
});
