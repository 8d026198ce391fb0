/**
 * The filter builder: rows of field / operator / value inside AND/OR groups (groups nest), with
 * only the operators valid for the field's kind and an ENUM's allowed values offered as choices.
 * `problems` puts an API error next to the row (or group) it names.
 */
import { type FieldDef, type Operator, OPERATOR_LABELS, operatorsFor } from './fields';
import {
  arity, type BuilderCondition, type BuilderGroup, type BuilderNode, conditionError, defaultValues,
  emptyGroup, newCondition, updateNode,
} from './filterModel';

interface Props {
  root: BuilderGroup;
  fields: FieldDef[];
  byName: ReadonlyMap<string, FieldDef>;
  onChange: (root: BuilderGroup) => void;
  /** Messages by builder node id (from a 400 naming `filter.all[1]...`). */
  problems: ReadonlyMap<string, string>;
}

export function FilterBuilder({ root, fields, byName, onChange, problems }: Props) {
  const replace = (id: string, node: BuilderNode | null) => onChange(updateNode(root, id, node));
  return (
    <div className="filter-builder" data-testid="filter-builder">
      <GroupEditor group={root} isRoot fields={fields} byName={byName} problems={problems}
        onReplace={(g) => (g ? onChange(g as BuilderGroup) : onChange(emptyGroup()))} replace={replace} />
    </div>
  );
}

interface GroupProps {
  group: BuilderGroup;
  isRoot?: boolean;
  fields: FieldDef[];
  byName: ReadonlyMap<string, FieldDef>;
  problems: ReadonlyMap<string, string>;
  onReplace: (node: BuilderNode | null) => void;
  replace: (id: string, node: BuilderNode | null) => void;
}

function GroupEditor({ group, isRoot, fields, byName, problems, onReplace, replace }: GroupProps) {
  const firstField = fields[0];
  const add = (node: BuilderNode) => onReplace({ ...group, children: [...group.children, node] });
  const problem = problems.get(group.id);
  return (
    <div className={isRoot ? 'filter-group root' : 'filter-group'}>
      {group.children.length > 1 || !isRoot ? (
        <div className="group-head">
          <label>
            Match{' '}
            <select aria-label="Combine conditions" value={group.combinator}
              onChange={(e) => onReplace({ ...group, combinator: e.target.value as 'all' | 'any' })}>
              <option value="all">all (AND)</option>
              <option value="any">any (OR)</option>
            </select>{' '}
            of these
          </label>
          {!isRoot && <button type="button" className="link" onClick={() => onReplace(null)}>Remove group</button>}
        </div>
      ) : null}
      {group.children.map((child) => child.type === 'group' ? (
        <GroupEditor key={child.id} group={child} fields={fields} byName={byName} problems={problems}
          onReplace={(node) => replace(child.id, node)} replace={replace} />
      ) : (
        <ConditionRow key={child.id} condition={child} fields={fields} byName={byName}
          problem={problems.get(child.id) ?? null} onReplace={(node) => replace(child.id, node)} />
      ))}
      {problem && <p className="error" role="alert">{problem}</p>}
      <div className="group-actions">
        {firstField && <button type="button" onClick={() => add(newCondition(firstField))}>+ Condition</button>}
        <button type="button" onClick={() => add({ ...emptyGroup(group.combinator === 'all' ? 'any' : 'all') })}>+ Group</button>
      </div>
    </div>
  );
}

interface RowProps {
  condition: BuilderCondition;
  fields: FieldDef[];
  byName: ReadonlyMap<string, FieldDef>;
  problem: string | null;
  onReplace: (node: BuilderNode | null) => void;
}

function ConditionRow({ condition, fields, byName, problem, onReplace }: RowProps) {
  const field = byName.get(condition.field);
  const incomplete = conditionError(condition, byName);
  const operators = field ? operatorsFor(field.kind) : [];

  const setField = (name: string) => {
    const next = byName.get(name);
    if (!next) return;
    const op = operatorsFor(next.kind).includes(condition.op) ? condition.op : operatorsFor(next.kind)[0] ?? 'eq';
    onReplace({ ...condition, field: name, op, values: defaultValues(next.kind, op) });
  };
  const setOp = (op: Operator) => {
    const keep = arity(op) === arity(condition.op);
    onReplace({ ...condition, op, values: keep ? condition.values : defaultValues(field?.kind ?? 'TEXT', op) });
  };
  const setValue = (index: number, value: string) => {
    const values = [...condition.values];
    values[index] = value;
    onReplace({ ...condition, values });
  };

  return (
    <div className={problem ? 'filter-row has-problem' : 'filter-row'} data-testid="filter-row">
      <select aria-label="Field" value={condition.field} onChange={(e) => setField(e.target.value)}>
        {!field && <option value={condition.field}>{condition.field}</option>}
        <optgroup label="Standard fields">
          {fields.filter((f) => !f.name.startsWith('cf:')).map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
        </optgroup>
        <optgroup label="Custom fields">
          {fields.filter((f) => f.name.startsWith('cf:')).map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
        </optgroup>
      </select>
      <select aria-label="Operator" value={condition.op} onChange={(e) => setOp(e.target.value as Operator)}>
        {operators.map((op) => <option key={op} value={op}>{OPERATOR_LABELS[op]}</option>)}
      </select>
      {field && <ValueEditor field={field} condition={condition} setValue={setValue}
        setValues={(values) => onReplace({ ...condition, values })} />}
      <button type="button" className="link" aria-label="Remove condition" onClick={() => onReplace(null)}>✕</button>
      {problem ? <span className="error" role="alert">{problem}</span>
        : incomplete ? <span className="muted small">{incomplete}</span> : null}
    </div>
  );
}

interface ValueProps {
  field: FieldDef;
  condition: BuilderCondition;
  setValue: (index: number, value: string) => void;
  setValues: (values: string[]) => void;
}

function ValueEditor({ field, condition, setValue, setValues }: ValueProps) {
  const n = arity(condition.op);
  if (n === 0) return null;
  if (field.kind === 'BOOLEAN' || field.kind === 'DNC') {
    return (
      <select aria-label="Value" value={condition.values[0] ?? 'true'} onChange={(e) => setValue(0, e.target.value)}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  if (field.kind === 'ENUM' && field.allowedValues) {
    if (n === 'many') {
      return (
        <select aria-label="Values" multiple value={condition.values}
          onChange={(e) => setValues(Array.from(e.target.selectedOptions, (o) => o.value))}>
          {field.allowedValues.map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      );
    }
    return (
      <select aria-label="Value" value={condition.values[0] ?? ''} onChange={(e) => setValue(0, e.target.value)}>
        <option value="">choose…</option>
        {field.allowedValues.map((v) => <option key={v} value={v}>{v}</option>)}
      </select>
    );
  }
  const type = field.kind === 'NUMBER' ? 'number' : field.kind === 'DATE' ? 'date' : 'text';
  if (n === 'many') {
    return (
      <input aria-label="Values" placeholder="comma-separated" value={condition.values.join(',')}
        onChange={(e) => setValues(e.target.value.split(','))} />
    );
  }
  if (n === 2) {
    return (
      <span className="range">
        <input aria-label="From" type={type} value={condition.values[0] ?? ''} onChange={(e) => setValue(0, e.target.value)} />
        {' and '}
        <input aria-label="To" type={type} value={condition.values[1] ?? ''} onChange={(e) => setValue(1, e.target.value)} />
      </span>
    );
  }
  return (
    <input aria-label="Value" type={type} value={condition.values[0] ?? ''}
      placeholder={field.kind === 'DATETIME' ? '2026-11-30 or ISO instant' : ''}
      onChange={(e) => setValue(0, e.target.value)} />
  );
}
