import { errorString } from '../field/index.js';
import { LabelSelectorError } from './errors.js';
import { type ScannedItem, scanAll, Token } from './lexer.js';
import {
  binaryOperators,
  compareStrings,
  newRequirement,
  type Operator,
  type PathOptions,
  type Requirement,
  validateLabelKey,
} from './requirement.js';
import { type Selector, selectorFromRequirements } from './selector.js';

// Where a token is read decides what `in` and `notin` mean: an operator after a key, a plain
// identifier in key or value position (`in in (notin)` is a valid selector).
type Context = 'keyAndOperator' | 'values';

// A syntax error inside one requirement; parseRequirement prefixes it as upstream does.
class RequirementSyntaxError extends Error {}

const endOfString: ScannedItem = { tok: Token.EndOfString, literal: '' };

class Parser {
  private position = 0;

  constructor(
    private readonly items: readonly ScannedItem[],
    private readonly opts: PathOptions,
  ) {}

  private at(i: number, context: Context): ScannedItem {
    const item = this.items[i] ?? endOfString;
    if (context === 'values' && (item.tok === Token.In || item.tok === Token.NotIn)) {
      return { tok: Token.Identifier, literal: item.literal };
    }
    return item;
  }

  private lookahead(context: Context): ScannedItem {
    return this.at(this.position, context);
  }

  private consume(context: Context): ScannedItem {
    return this.at(this.position++, context);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead('values');
      switch (tok) {
        case Token.Identifier:
        case Token.DoesNotExist: {
          reqs.push(this.parseRequirement());
          const next = this.consume('values');
          if (next.tok === Token.EndOfString) return reqs;
          if (next.tok !== Token.Comma) {
            throw new LabelSelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
          }
          const after = this.lookahead('values');
          if (after.tok !== Token.Identifier && after.tok !== Token.DoesNotExist) {
            throw new LabelSelectorError(`found '${after.literal}', expected: identifier after ','`);
          }
          break;
        }
        case Token.EndOfString:
          return reqs;
        default:
          throw new LabelSelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    try {
      const { key, operator } = this.parseKeyAndInferOperator();
      if (operator === 'exists' || operator === '!') return newRequirement(key, operator, [], this.opts);
      const op = this.parseOperator();
      const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
      return newRequirement(key, op, [...values].sort(compareStrings), this.opts);
    } catch (e) {
      if (e instanceof RequirementSyntaxError)
        throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
      if (e instanceof LabelSelectorError) {
        throw new LabelSelectorError(`unable to parse requirement: ${e.message}`, e.fieldErrors);
      }
      throw e;
    }
  }

  private parseKeyAndInferOperator(): { key: string; operator: Operator | undefined } {
    let operator: Operator | undefined;
    let item = this.consume('values');
    if (item.tok === Token.DoesNotExist) {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== Token.Identifier)
      throw new RequirementSyntaxError(`found '${item.literal}', expected: identifier`);
    const keyErr = validateLabelKey(item.literal, this.opts.path);
    if (keyErr !== undefined) throw new LabelSelectorError(errorString(keyErr), [keyErr]);
    const next = this.lookahead('values').tok;
    if ((next === Token.EndOfString || next === Token.Comma) && operator === undefined) operator = 'exists';
    return { key: item.literal, operator };
  }

  private parseOperator(): Operator {
    const { tok, literal } = this.consume('keyAndOperator');
    switch (tok) {
      case Token.In:
        return 'in';
      case Token.Equals:
        return '=';
      case Token.DoubleEquals:
        return '==';
      case Token.GreaterThan:
        return 'gt';
      case Token.LessThan:
        return 'lt';
      case Token.NotIn:
        return 'notin';
      case Token.NotEquals:
        return '!=';
      default:
        throw new RequirementSyntaxError(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const open = this.consume('values');
    if (open.tok !== Token.OpenPar) throw new RequirementSyntaxError(`found '${open.literal}' expected: '('`);
    const { tok, literal } = this.lookahead('values');
    switch (tok) {
      case Token.Identifier:
      case Token.Comma: {
        const values = this.parseIdentifiersList();
        if (this.consume('values').tok !== Token.ClosedPar) {
          throw new RequirementSyntaxError(`found '${literal}', expected: ')'`);
        }
        return values;
      }
      case Token.ClosedPar:
        this.consume('values');
        return new Set(['']);
      default:
        throw new RequirementSyntaxError(`found '${literal}', expected: ',', ')' or identifier`);
    }
  }

  // Empty entries count as the empty value: `(,a)`, `(a,)` and `(a,,b)` all include ''.
  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume('values');
      switch (tok) {
        case Token.Identifier: {
          values.add(literal);
          const next = this.lookahead('values');
          if (next.tok === Token.Comma) continue;
          if (next.tok === Token.ClosedPar) return values;
          throw new RequirementSyntaxError(`found '${next.literal}', expected: ',' or ')'`);
        }
        case Token.Comma: {
          if (values.size === 0) values.add('');
          const next = this.lookahead('values').tok;
          if (next === Token.ClosedPar) {
            values.add('');
            return values;
          }
          if (next === Token.Comma) values.add('');
          break;
        }
        default:
          throw new RequirementSyntaxError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead('values').tok;
    if (next === Token.EndOfString || next === Token.Comma) return new Set(['']);
    const { tok, literal } = this.consume('values');
    if (tok === Token.Identifier) return new Set([literal]);
    throw new RequirementSyntaxError(`found '${literal}', expected: identifier`);
  }
}

/**
 * The requirements of a label selector string, sorted by key (stable), exactly as upstream
 * accepts and rejects them. Grammar: comma-separated `[!]key`, `key op value` (`=`, `==`,
 * `!=`, `>`, `<`) or `key in|notin (v1,v2)`; blanks around tokens are ignored; an empty
 * string has no requirements. Pure; throws LabelSelectorError with upstream's message.
 */
export function parseToRequirements(selector: string, opts: PathOptions = {}): Requirement[] {
  const reqs = new Parser(scanAll(selector), opts).parse();
  return reqs.sort((a, b) => compareStrings(a.key, b.key));
}

/**
 * A label selector string as a Selector (see parseToRequirements for the grammar). '' gives
 * an empty selector that matches everything. Pure; throws LabelSelectorError.
 */
export function parseSelector(selector: string, opts: PathOptions = {}): Selector {
  return selectorFromRequirements(parseToRequirements(selector, opts));
}
