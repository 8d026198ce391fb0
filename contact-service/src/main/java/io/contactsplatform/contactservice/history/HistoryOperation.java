package io.contactsplatform.contactservice.history;

/**
 * What a change did to the contact as a whole: CREATED, UPDATED (fields), ARCHIVED, RESTORED
 * (archived back to active), ERASED (personal data removed; the entry carries no field values).
 */
public enum HistoryOperation { CREATED, UPDATED, ARCHIVED, RESTORED, ERASED }
