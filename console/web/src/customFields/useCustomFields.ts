/** The workspace's custom-field definitions (cached; every page that offers fields uses them). */
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { contactsApi, unwrap } from '../api/client';
import type { CustomField } from '../api/types';
import { allFields, type FieldDef } from '../filters/fields';

export function useCustomFields() {
  return useQuery({
    queryKey: ['custom-fields'],
    queryFn: async (): Promise<CustomField[]> => {
      const page = unwrap(await contactsApi.GET('/v1/custom-fields', {}));
      return page.items ?? [];
    },
  });
}

/** Every field (standard + custom) by filter-language name. */
export function useFieldCatalog(): { fields: FieldDef[]; byName: Map<string, FieldDef>; loading: boolean } {
  const customFields = useCustomFields();
  return useMemo(() => {
    const fields = allFields((customFields.data ?? []).map((cf) => ({
      key: cf.key ?? '', label: cf.label, type: cf.type ?? 'TEXT', allowedValues: cf.allowedValues,
    })));
    return { fields, byName: new Map(fields.map((f) => [f.name, f])), loading: customFields.isLoading };
  }, [customFields.data, customFields.isLoading]);
}
