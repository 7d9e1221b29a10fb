/**
 * Requests generated from Lantern's own OpenAPI description, for the API fuzzing test. Every
 * field's JSON schema gives fast-check arbitraries for values that fit it (including its bounds)
 * and for values that do not: the wrong type, a NUL, a broken character, very long text, huge and
 * negative numbers, impossible dates, names every object inherits, a missing required field, an
 * unknown field, and bodies that are not JSON at all. Identifiers are drawn mostly from records
 * that exist, so that requests reach past the look-up and into the checks behind it.
 */
import fc from 'fast-check';

// The subset of JSON Schema that @fastify/swagger produces from Lantern's zod schemas.
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

export interface FuzzRequest {
  operation: Operation;
  role: string;
  url: string;
  /** The raw payload and its content type; undefined sends no body. */
  payload?: string;
  contentType?: string;
}

/** Every operation in an OpenAPI document. */
export function operationsOf(document: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        parameters: operation.parameters ?? [],
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

/** Where identifiers of each kind of record come from: a table's ids, chosen by a field's name. */
export type IdPools = Record<string, string[]>;

const ID_KINDS: [RegExp, string][] = [
  [/young-?person|young-people/i, 'young_people'],
  [/agenda/i, 'agenda_items'],
  [/meeting/i, 'panel_meetings'],
  [/referral/i, 'panel_referrals'],
  [/peer-?group/i, 'peer_groups'],
  [/panel/i, 'panels'],
  [/place/i, 'places_of_concern'],
  [/adult/i, 'adults_of_concern'],
  [/agency/i, 'agencies'],
  [/user|owner|member/i, 'users'],
  [/episode|missing/i, 'missing_episodes'],
  [/concern/i, 'concerns'],
];

function idsFor(pools: IdPools, name: string): string[] {
  const kind = ID_KINDS.find(([pattern]) => pattern.test(name))?.[1];
  const specific = kind ? (pools[kind] ?? []) : [];
  return specific.length ? specific : Object.values(pools).flat();
}

const TODAY = new Date().toISOString().slice(0, 10);
const INHERITED_NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'prototype'];
const AWKWARD_TEXT = [
  'Seen near the takeaway on Mill Street',
  "O'Neill-Ba\u0301rbara",
  'مرحبا بالعالم',
  '👩‍👩‍👧‍👦 🚕',
  'Z\u0351\u0352a\u0353l\u0354g\u0355o',
  "'; drop table young_people; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://example.invalid")',
  '%00',
  '../../etc/passwd',
  '   ',
  '\t\n\r',
];

/** Fictional values of the kind a field's name asks for, so that its own checks can pass. */
const REALISTIC: [RegExp, string[]][] = [
  [/postcode/i, ['NB1 2MS', 'NB3 7QT', 'nb12ms', 'NB99 9ZZ']],
  [/phone/i, ['07700 900123', '+44 7700 900456', '0113 496 0000']],
  [/email/i, ['someone@example.org', 'dee@northbridge.example']],
  [/vehicle/i, ['NB21 FKE', 'AB12 CDE', 'silver car, partial NB2']],
  [/online|handle/i, ['Snapchat: deano_nb', 'Instagram: @fizz.nb']],
  [/nhs/i, ['9434765919']],
  // Grades the API leaves as text so that its own rules can explain a wrong one.
  [/^sourceGrade$/, ['1', '2', '3', '4']],
  [/^intelligenceGrade$/, ['A', 'B', 'C', 'D', 'E', 'F']],
  [/^handling$/, ['P', 'C', 'X']],
];

/** Text with a character PostgreSQL cannot hold, somewhere in it. */
const unstorableText = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom('\u0000', 'half a pair \ud83d', '\udc00 at the start', 'nul at the end\u0000'),
);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

interface Builder {
  pools: IdPools;
  /** Only values that fit their schemas: such requests get past validation to the rules behind it. */
  clean: boolean;
}

/** A value that fits `schema` (or is meant to: zod checks a few things JSON Schema cannot say). */
function fitting(b: Builder, schema: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => fitting(b, option, name, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = typesOf(schema)[0];
  switch (type) {
    case 'string':
      return fittingString(b, schema, name);
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1_000_000, Number.MIN_SAFE_INTEGER);
      const max = Math.min(schema.maximum ?? 1_000_000, Number.MAX_SAFE_INTEGER);
      // Mostly small numbers (ages, days, counts), inside the range, and both of its ends.
      const low = Math.max(min, Math.min(max, -5));
      const high = Math.min(max, Math.max(low, 400));
      return fc.oneof(fc.integer({ min: low, max: high }), fc.constantFrom(min, max));
    }
    case 'number': {
      const min = schema.minimum ?? -1e6;
      const max = schema.maximum ?? 1e6;
      return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? value(b, schema.items, name, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      const minLength = schema.minItems ?? 0;
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object':
      return fittingObject(b, schema, depth);
    default:
      // No type at all: anything JSON can hold.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function fittingString(b: Builder, schema: JsonSchema, name: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    const known = idsFor(b.pools, name);
    return known.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
  }
  if (schema.format === 'date') {
    return fc.oneof(fc.constantFrom(TODAY, '2026-11-20', '2024-02-29', '1900-01-01', '2099-12-31'), fc.date({ min: new Date('1990-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  }
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (schema.pattern && /^\^\\d\{4\}-(\\d\{2\}|\(0\[1-9\]\|1\[0-2\]\))\$$/.test(schema.pattern)) {
    // A month: mostly real ones, near the present, so that periods are worth asking for.
    return fc.oneof(fc.date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 7)), fc.stringMatching(new RegExp(schema.pattern)));
  }
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return fittingString(b, { format: 'date' }, name);
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const known = REALISTIC.find(([pattern]) => pattern.test(name))?.[1];
  if (known) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }) });
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 500;
  const awkward = AWKWARD_TEXT.filter((s) => s.length >= minLength && s.length <= maxLength);
  const choices: fc.WeightedArbitrary<string>[] = [
    { weight: 3, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 40)), unit: 'grapheme' }) },
    // The longest text allowed, and the shortest.
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(Math.max(minLength, 1)), 'é'.repeat(Math.max(minLength, Math.min(maxLength, 20_000)))) },
  ];
  if (awkward.length) choices.push({ weight: 2, arbitrary: fc.constantFrom(...awkward) });
  return fc.oneof(...choices);
}

function fittingObject(b: Builder, schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, value(b, property, key, depth + 1)]));
  // Optional fields are left out more often than not: several are "give exactly one of".
  const requiredModel = Object.fromEntries(Object.entries(model).filter(([key]) => required.includes(key)));
  const optionalModel = Object.entries(model).filter(([key]) => !required.includes(key));
  const known = fc
    .tuple(fc.record(requiredModel), ...optionalModel.map(([key, arbitrary]) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbitrary.map((v) => [key, v] as const) })))
    .map(([fixed, ...optional]) => ({ ...fixed, ...Object.fromEntries(optional.filter((entry) => entry !== undefined)) }));
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : null;
  if (!extra) return known as fc.Arbitrary<Record<string, unknown>>;
  const keys = schema.propertyNames ? (fittingString(b, schema.propertyNames, 'key') as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 30 });
  return fc
    .tuple(known, fc.dictionary(keys, value(b, extra, 'value', depth + 1), { maxKeys: 4 }))
    .map(([fixed, more]) => ({ ...more, ...fixed }));
}

/** A value that `schema` does not allow. */
function unfitting(b: Builder, schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
  const wrongType = fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 1e308, -1e308, 2 ** 63, 1e20, '', 'x', [], [null], {}, { nested: { deeper: [1] } });
  const type = typesOf(schema)[0];
  const specific: fc.Arbitrary<unknown>[] = [];
  if (type === 'string' || schema.enum) {
    const max = schema.maxLength ?? 20_000;
    specific.push(unstorableText, fc.constantFrom('a'.repeat(max + 1), 'ü'.repeat(Math.min(max + 1, 100_000))), fc.constantFrom(...INHERITED_NAMES));
    if (schema.enum) specific.push(fc.constantFrom(...schema.enum.map((v) => String(v).toUpperCase() + ' ')));
    if (schema.format === 'uuid') specific.push(fc.constantFrom('not-an-id', '00000000-0000-0000-0000-00000000000g', `${idsFor(b.pools, name)[0] ?? '6f1d2c3b-0a9e-4b8d-9c7f-2e5a4b3c1d0e'}\u0000`));
    if (schema.format === 'date' || schema.format === 'date-time') specific.push(fc.constantFrom('2027-02-30', '0000-00-00', '99999-01-01', '2026-13-01', '31/12/2026', '2026-11-20T25:00:00Z', '-271821-04-20'));
  }
  if (type === 'integer' || type === 'number') {
    const edges = [schema.minimum, schema.maximum].filter((v): v is number => typeof v === 'number');
    specific.push(fc.constantFrom(...edges.flatMap((v) => [v - 1, v + 1, v + 0.5]), Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 1e21, '12', '1e400'));
  }
  if (type === 'array') {
    const tooMany = (schema.maxItems ?? 50) + 1;
    specific.push(schema.items ? fc.array(fitting(b, schema.items, name, 3), { minLength: tooMany, maxLength: tooMany }) : fc.constant(Array(tooMany).fill(1)), fc.constant(['\u0000']));
  }
  if (type === 'object') specific.push(fc.constant({ ['\u0000']: 'x' }), fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')), fc.constant({ constructor: { prototype: { polluted: true } } }));
  return fc.oneof(wrongType, ...specific);
}

/** Mostly fitting values, sometimes not; objects sometimes lose a required field or gain an unknown one. */
function value(b: Builder, schema: JsonSchema, name: string, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const base = fitting(b, schema, name, depth);
  if (b.clean) return base;
  const choices: fc.WeightedArbitrary<unknown>[] = [
    { weight: 30, arbitrary: base },
    { weight: 1, arbitrary: unfitting(b, schema, name) },
  ];
  if (typesOf(schema)[0] === 'object' && schema.required?.length) {
    const required = schema.required;
    choices.push({ weight: 1, arbitrary: fc.tuple(base, fc.nat(required.length - 1)).map(([object, i]) => withoutKey(object, required[i]!)) });
  }
  if (typesOf(schema)[0] === 'object') choices.push({ weight: 1, arbitrary: base.map((object) => ({ ...(object as object), unexpectedField: 'surprise' })) });
  return fc.oneof(...choices);
}

function withoutKey(object: unknown, key: string): unknown {
  const copy = { ...(object as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

/** Bodies that are not what any operation accepts, whatever its schema. */
const BROKEN_BODIES: { payload?: string; contentType?: string }[] = [
  {},
  { payload: 'null', contentType: 'application/json' },
  { payload: '[]', contentType: 'application/json' },
  { payload: '"just text"', contentType: 'application/json' },
  { payload: '{"unterminated": ', contentType: 'application/json' },
  { payload: '{"a":"\\u0000"}', contentType: 'application/json' },
  { payload: `${'['.repeat(50_000)}${']'.repeat(50_000)}`, contentType: 'application/json' },
  { payload: 'name=Danny', contentType: 'application/x-www-form-urlencoded' },
  { payload: 'plain words', contentType: 'text/plain' },
];

/** Requests for one operation, as one of `roles`: a third of them fit the description throughout. */
export function requestsFor(operation: Operation, roles: readonly string[], pools: IdPools): fc.Arbitrary<FuzzRequest> {
  return fc.oneof({ weight: 1, arbitrary: requestsOf(operation, roles, { pools, clean: true }) }, { weight: 2, arbitrary: requestsOf(operation, roles, { pools, clean: false }) });
}

function requestsOf(operation: Operation, roles: readonly string[], b: Builder): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');

  const previousSegment = (name: string) => {
    const segments = operation.path.split('/');
    const at = segments.indexOf(`{${name}}`);
    return at > 0 ? segments[at - 1]! : name;
  };
  const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, value(b, p.schema, name(p.name, previousSegment(p.name)), 0)])));
  const query = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, value(b, p.schema, p.name, 0)])), {
    requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name),
  });
  const extraQuery = b.clean ? fc.constant(null) : fc.option(fc.constantFrom('unknown=1', 'page=99999999999999999999', 'q=%00', 'page=-1'), { freq: 8 });
  const body = operation.body
    ? b.clean
      ? value(b, operation.body, 'body', 0).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' }))
      : fc.oneof(
        { weight: 10, arbitrary: value(b, operation.body, 'body', 0).map((v) => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json' })) },
        { weight: 1, arbitrary: fc.constantFrom(...BROKEN_BODIES) },
      )
    : fc.constant({} as { payload?: string; contentType?: string });

  return fc.record({ role: fc.constantFrom(...roles), path, query, extraQuery, body }).map(({ role, path: pathValues, query: queryValues, extraQuery: extra, body: sent }) => {
    const url = operation.path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(wellFormed(asText(pathValues[key]))));
    const search = new URLSearchParams();
    for (const [key, v] of Object.entries(queryValues)) {
      for (const item of Array.isArray(v) ? v : [v]) search.append(key, asText(item));
    }
    const queryString = [search.toString(), extra ?? ''].filter(Boolean).join('&');
    return { operation, role, url: queryString ? `${url}?${queryString}` : url, ...sent };
  });
}

const name = (paramName: string, segment: string) => (paramName === 'id' ? segment : paramName);

function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** An address cannot carry a broken character (it is not UTF-8), so it goes as U+FFFD, as a browser would send it. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
