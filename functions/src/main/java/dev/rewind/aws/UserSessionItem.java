package dev.rewind.aws;

import dev.rewind.storage.Tables;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A link from a user id to a session that carried it (table {@link Tables#USER_SESSIONS}): written before
 * the first chunk carrying the id is stored, whatever its seq, and deleted with the session.
 */
public final class UserSessionItem {
    private String userKey;
    private String sessionId;
    private Long expiresAt;

    public String getUserKey() {
        return userKey;
    }

    public void setUserKey(String v) {
        userKey = v;
    }

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String v) {
        sessionId = v;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long v) {
        expiresAt = v;
    }

    public static final TableSchema<UserSessionItem> SCHEMA = StaticTableSchema.builder(UserSessionItem.class)
            .newItemSupplier(UserSessionItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("userKey")
                            .getter(UserSessionItem::getUserKey)
                            .setter(UserSessionItem::setUserKey)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("sessionId")
                            .getter(UserSessionItem::getSessionId)
                            .setter(UserSessionItem::setSessionId)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(UserSessionItem::getExpiresAt)
                            .setter(UserSessionItem::setExpiresAt))
            .build();
}
