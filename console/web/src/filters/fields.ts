/**
 * The fields of contact-service's filter language and the operators each kind accepts. Mirrors
 * contact-service's FieldCatalog / SearchField.Kind (no endpoint publishes them); custom fields
 * come from the workspace's custom-field definitions as `cf:<key>`.
 */

export type FieldKind =
  | 'TEXT' | 'KEYWORD' | 'PHONE' | 'ENUM' | 'TAGS' | 'BOOLEAN' | 'DNC' | 'NUMBER' | 'DATE' | 'DATETIME';

export type Operator =
  | 'eq' | 'neq' | 'in' | 'nin' | 'contains' | 'starts_with'
  | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'present' | 'absent';

const TEXTUAL: Operator[] = ['eq', 'neq', 'in', 'nin', 'contains', 'starts_with', 'present', 'absent'];
const RANGE: Operator[] = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'present', 'absent'];

export const OPERATORS_BY_KIND: Record<FieldKind, Operator[]> = {
  TEXT: TEXTUAL,
  KEYWORD: TEXTUAL,
  PHONE: TEXTUAL,
  TAGS: TEXTUAL,
  ENUM: ['eq', 'neq', 'in', 'nin', 'present', 'absent'],
  BOOLEAN: ['eq', 'neq', 'present', 'absent'],
  DNC: ['eq', 'neq'],
  NUMBER: RANGE,
  DATE: RANGE,
  DATETIME: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'present', 'absent'],
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  nin: 'is none of',
  contains: 'contains',
  starts_with: 'starts with',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  present: 'is set',
  absent: 'is empty',
};

export interface FieldDef {
  /** Name in the filter language: `lastName`, `cf:plan`. */
  name: string;
  label: string;
  kind: FieldKind;
  /** For ENUM fields: the values offered. */
  allowedValues?: string[];
  /** Whether the API can sort by it. */
  sortable: boolean;
}

function std(name: string, label: string, kind: FieldKind, allowedValues?: string[]): FieldDef {
  return { name, label, kind, allowedValues, sortable: kind !== 'TAGS' && kind !== 'DNC' };
}

export const STANDARD_FIELDS: FieldDef[] = [
  std('id', 'Id', 'KEYWORD'),
  std('phone', 'Phone', 'PHONE'),
  std('phoneExtension', 'Extension', 'KEYWORD'),
  std('externalId', 'External id', 'KEYWORD'),
  std('firstName', 'First name', 'TEXT'),
  std('lastName', 'Last name', 'TEXT'),
  std('email', 'Email', 'TEXT'),
  std('company', 'Company', 'TEXT'),
  std('country', 'Country', 'KEYWORD'),
  std('timezone', 'Timezone', 'KEYWORD'),
  std('timezoneSource', 'Timezone source', 'ENUM', ['PROVIDED', 'INFERRED_FROM_PHONE', 'DEFAULT', 'UNKNOWN']),
  std('tags', 'Tags', 'TAGS'),
  std('doNotCall', 'Do-not-call flag', 'BOOLEAN'),
  std('dnc', 'On DNC list', 'DNC'),
  std('source', 'Source', 'KEYWORD'),
  std('status', 'Status', 'ENUM', ['ACTIVE', 'ARCHIVED']),
  std('createdAt', 'Created', 'DATETIME'),
  std('updatedAt', 'Updated', 'DATETIME'),
];

/** The custom-field definition members the console needs. */
export interface CustomFieldLike {
  key: string;
  label?: string | null;
  type: string;
  allowedValues?: string[] | null;
}

export function customFieldDef(cf: CustomFieldLike): FieldDef {
  const kind: FieldKind = cf.type === 'NUMBER' ? 'NUMBER'
    : cf.type === 'BOOLEAN' ? 'BOOLEAN'
      : cf.type === 'DATE' ? 'DATE'
        : cf.type === 'ENUM' ? 'ENUM'
          : 'TEXT';
  return {
    name: `cf:${cf.key}`,
    label: cf.label || cf.key,
    kind,
    allowedValues: cf.allowedValues ?? undefined,
    sortable: true,
  };
}

/** Every field of a workspace: the standard ones, then its custom fields. */
export function allFields(customFields: CustomFieldLike[]): FieldDef[] {
  return [...STANDARD_FIELDS, ...customFields.map(customFieldDef)];
}

export function operatorsFor(kind: FieldKind): Operator[] {
  return OPERATORS_BY_KIND[kind];
}
