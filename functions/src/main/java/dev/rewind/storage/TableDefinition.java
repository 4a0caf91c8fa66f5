package dev.rewind.storage;

import java.util.List;

/** A DynamoDB table as both the CDK app and the local bootstrap create it; {@code sortKey} is null for a hash-only key. */
public record TableDefinition(
        String id,
        String envVar,
        String localName,
        Key partitionKey,
        Key sortKey,
        List<Index> indexes,
        String ttlAttribute,
        boolean stream) {

    /** A table keyed by its partition key alone. */
    public TableDefinition(
            String id,
            String envVar,
            String localName,
            Key partitionKey,
            List<Index> indexes,
            String ttlAttribute,
            boolean stream) {
        this(id, envVar, localName, partitionKey, null, indexes, ttlAttribute, stream);
    }

    public enum Type {
        S,
        N
    }

    public record Key(String name, Type type) {}

    /** A global secondary index; keys-only projection (pages read full items with one BatchGet). */
    public record Index(String name, Key partitionKey, Key sortKey) {}

    /** The table's name in this environment: the env var the CDK app sets, else the local name. */
    public String name() {
        String fromEnv = System.getenv(envVar);
        return fromEnv == null || fromEnv.isBlank() ? localName : fromEnv;
    }
}
