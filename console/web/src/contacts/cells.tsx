/** How a contact's field is shown in a table cell or on the contact page. */
import type { ReactNode } from 'react';
import type { Contact } from '../api/types';

export function fieldValue(contact: Contact, name: string): unknown {
  if (name.startsWith('cf:')) {
    const custom = (contact.customFields ?? {}) as Record<string, unknown>;
    return custom[name.slice(3)];
  }
  if (name === 'dnc') return contact.dnc?.blocked ?? false;
  return (contact as Record<string, unknown>)[name];
}

export function renderValue(name: string, value: unknown): ReactNode {
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (name === 'dnc') return value ? <span className="badge danger">DNC</span> : <span className="muted">no</span>;
  if (Array.isArray(value)) {
    return value.length === 0 ? <span className="muted">—</span>
      : <span className="chips">{value.map((v) => <span key={String(v)} className="chip">{String(v)}</span>)}</span>;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if ((name === 'createdAt' || name === 'updatedAt') && typeof value === 'string') return new Date(value).toLocaleString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
