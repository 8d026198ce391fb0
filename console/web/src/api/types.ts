/**
 * Names for the API types the pages use, all derived from the generated OpenAPI types (no
 * hand-written response shapes): a response or request body is looked up by path and method.
 */
import type { paths as ContactPaths } from './generated/contact-service';
import type { paths as DncPaths } from './generated/dnc-service';

type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Ok<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer A } ? JsonBody<A> : R extends { 201: infer C } ? JsonBody<C> : R extends { 202: infer D } ? JsonBody<D> : never
  : never;
type Body<Op> = Op extends { requestBody?: infer B } ? JsonBody<NonNullable<B>> : never;

export type SearchPage = Ok<ContactPaths['/v1/contacts/search']['post']>;
export type SearchRequest = Body<ContactPaths['/v1/contacts/search']['post']>;
export type Contact = Ok<ContactPaths['/v1/contacts/{id}']['get']>;
export type CustomFieldPage = Ok<ContactPaths['/v1/custom-fields']['get']>;
export type CustomField = Ok<ContactPaths['/v1/custom-fields/{key}']['get']>;
export type Segment = Ok<ContactPaths['/v1/segments/{id}']['get']>;
export type SegmentPage = Ok<ContactPaths['/v1/segments']['get']>;
export type SegmentCount = Ok<ContactPaths['/v1/segments/{id}/count']['get']>;
export type BulkJob = Ok<ContactPaths['/v1/contacts/bulk/{id}']['get']>;
export type BulkRequest = Body<ContactPaths['/v1/contacts/bulk']['post']>;
export type DncEntryPage = Ok<DncPaths['/v1/dnc']['get']>;
export type DncEntry = Ok<DncPaths['/v1/dnc/{entryId}']['get']>;

import type { components as ImportSchemas } from './generated/import-service';
import type { components as DncSchemas } from './generated/dnc-service';
import type { components as ResolverSchemas } from './generated/variable-resolver-service';

export type ImportLimits = ImportSchemas['schemas']['ImportLimits'];
export type ImportPreview = ImportSchemas['schemas']['ImportPreview'];
export type ImportReview = ImportSchemas['schemas']['ImportReview'];
export type ImportJob = ImportSchemas['schemas']['ImportJobView'];
export type ImportAccepted = ImportSchemas['schemas']['ImportAccepted'];
export type DncCheckResponse = DncSchemas['schemas']['DncBulkCheckResponse'];
export type DncCheckResult = DncSchemas['schemas']['DncBulkCheckResult'];
export type DncAudit = DncSchemas['schemas']['DncAuditView'];
export type DncImport = DncSchemas['schemas']['DncImportView'];
export type DncRegistry = DncSchemas['schemas']['RegistryView'];
export type CampaignConfig = ResolverSchemas['schemas']['CampaignConfigView'];
export type CampaignVariable = ResolverSchemas['schemas']['CampaignVariable'];
export type ConfigDiff = ResolverSchemas['schemas']['ConfigDiff'];
export type ResolveAnswer = ResolverSchemas['schemas']['AgentVariablesView'];
export type ReadinessReport = ResolverSchemas['schemas']['ReadinessReportView'];
