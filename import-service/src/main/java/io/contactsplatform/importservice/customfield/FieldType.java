package io.contactsplatform.importservice.customfield;

/** Custom field value types, as contact-service defines them. */
public enum FieldType { TEXT, NUMBER, BOOLEAN, DATE, ENUM }
