/** Which columns the table shows: any standard or custom field, in the order picked. */
import type { FieldDef } from '../filters/fields';

interface Props {
  fields: FieldDef[];
  columns: string[];
  onChange: (columns: string[]) => void;
}

export function ColumnChooser({ fields, columns, onChange }: Props) {
  return (
    <details className="dropdown">
      <summary>Columns ({columns.length})</summary>
      <div className="dropdown-panel" data-testid="column-chooser">
        {fields.filter((f) => f.name !== 'id').map((f) => (
          <label key={f.name} className="check">
            <input type="checkbox" checked={columns.includes(f.name)}
              onChange={(e) => onChange(e.target.checked ? [...columns, f.name] : columns.filter((c) => c !== f.name))} />
            {f.label}{f.name.startsWith('cf:') ? <span className="muted small"> (custom)</span> : null}
          </label>
        ))}
      </div>
    </details>
  );
}
