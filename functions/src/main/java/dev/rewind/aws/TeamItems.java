package dev.rewind.aws;

import dev.rewind.storage.Tables;
import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.Invitation;
import dev.rewind.tenants.KeyScope;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.Role;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * The items of the teams table ({@link Tables#TEAMS}): one partition per tenant, the sort key says
 * what an item is ({@code member#<userSub>}, {@code invitation#<id>}, {@code key#<keyId>}).
 */
final class TeamItems {
    static final String MEMBER = "member#";
    static final String INVITATION = "invitation#";
    static final String KEY = "key#";

    private TeamItems() {}

    /** A membership; {@code userSub} also keys the by-user index. */
    public static final class MemberItem {
        private String tenantId;
        private String item;
        private String userSub;
        private String email;
        private String role;
        private Long joinedAt;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getItem() {
            return item;
        }

        public void setItem(String v) {
            item = v;
        }

        public String getUserSub() {
            return userSub;
        }

        public void setUserSub(String v) {
            userSub = v;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String v) {
            email = v;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String v) {
            role = v;
        }

        public Long getJoinedAt() {
            return joinedAt;
        }

        public void setJoinedAt(Long v) {
            joinedAt = v;
        }

        static MemberItem of(Member m) {
            MemberItem item = new MemberItem();
            item.tenantId = m.tenantId();
            item.item = MEMBER + m.userSub();
            item.userSub = m.userSub();
            item.email = m.email();
            item.role = m.role().code();
            item.joinedAt = m.joinedAt();
            return item;
        }

        Member toMember() {
            return new Member(
                    tenantId, userSub, email, Role.parse(role).orElse(Role.MEMBER), joinedAt == null ? 0 : joinedAt);
        }
    }

    /** A pending invitation; its TTL removes it once expired. */
    public static final class InvitationItem {
        private String tenantId;
        private String item;
        private String invitationId;
        private String email;
        private String role;
        private String invitedBy;
        private String tokenHash;
        private Long createdAt;
        private Long expiresAtMillis;
        private Long expiresAt;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getItem() {
            return item;
        }

        public void setItem(String v) {
            item = v;
        }

        public String getInvitationId() {
            return invitationId;
        }

        public void setInvitationId(String v) {
            invitationId = v;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String v) {
            email = v;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String v) {
            role = v;
        }

        public String getInvitedBy() {
            return invitedBy;
        }

        public void setInvitedBy(String v) {
            invitedBy = v;
        }

        public String getTokenHash() {
            return tokenHash;
        }

        public void setTokenHash(String v) {
            tokenHash = v;
        }

        public Long getCreatedAt() {
            return createdAt;
        }

        public void setCreatedAt(Long v) {
            createdAt = v;
        }

        public Long getExpiresAtMillis() {
            return expiresAtMillis;
        }

        public void setExpiresAtMillis(Long v) {
            expiresAtMillis = v;
        }

        public Long getExpiresAt() {
            return expiresAt;
        }

        public void setExpiresAt(Long v) {
            expiresAt = v;
        }

        static InvitationItem of(Invitation i, String tokenHash) {
            InvitationItem item = new InvitationItem();
            item.tenantId = i.tenantId();
            item.item = INVITATION + i.invitationId();
            item.invitationId = i.invitationId();
            item.email = i.email();
            item.role = i.role().code();
            item.invitedBy = i.invitedBy();
            item.tokenHash = tokenHash;
            item.createdAt = i.createdAt();
            item.expiresAtMillis = i.expiresAt();
            item.expiresAt = i.expiresAt() / 1000;
            return item;
        }

        Invitation toInvitation() {
            return new Invitation(
                    invitationId,
                    tenantId,
                    email,
                    Role.parse(role).orElse(Role.MEMBER),
                    invitedBy,
                    createdAt == null ? 0 : createdAt,
                    expiresAtMillis == null ? 0 : expiresAtMillis);
        }
    }

    /** A named api key's listing; the hash points at its item in the keys table. */
    public static final class ApiKeyItem {
        private String tenantId;
        private String item;
        private String keyId;
        private String name;
        private String scope;
        private String createdBy;
        private String keyHash;
        private Long createdAt;

        public String getTenantId() {
            return tenantId;
        }

        public void setTenantId(String v) {
            tenantId = v;
        }

        public String getItem() {
            return item;
        }

        public void setItem(String v) {
            item = v;
        }

        public String getKeyId() {
            return keyId;
        }

        public void setKeyId(String v) {
            keyId = v;
        }

        public String getName() {
            return name;
        }

        public void setName(String v) {
            name = v;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String v) {
            scope = v;
        }

        public String getCreatedBy() {
            return createdBy;
        }

        public void setCreatedBy(String v) {
            createdBy = v;
        }

        public String getKeyHash() {
            return keyHash;
        }

        public void setKeyHash(String v) {
            keyHash = v;
        }

        public Long getCreatedAt() {
            return createdAt;
        }

        public void setCreatedAt(Long v) {
            createdAt = v;
        }

        static ApiKeyItem of(String tenantId, ApiKey key, String keyHash) {
            ApiKeyItem item = new ApiKeyItem();
            item.tenantId = tenantId;
            item.item = KEY + key.keyId();
            item.keyId = key.keyId();
            item.name = key.name();
            item.scope = key.scope().code();
            item.createdBy = key.createdBy();
            item.keyHash = keyHash;
            item.createdAt = key.createdAt();
            return item;
        }

        ApiKey toApiKey(long lastUsedAt) {
            return new ApiKey(
                    keyId,
                    name,
                    KeyScope.parse(scope).orElse(KeyScope.READ),
                    createdBy,
                    createdAt == null ? 0 : createdAt,
                    lastUsedAt);
        }
    }

    static final TableSchema<MemberItem> MEMBER_SCHEMA = StaticTableSchema.builder(MemberItem.class)
            .newItemSupplier(MemberItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(MemberItem::getTenantId)
                            .setter(MemberItem::setTenantId)
                            .tags(
                                    StaticAttributeTags.primaryPartitionKey(),
                                    StaticAttributeTags.secondarySortKey(Tables.BY_USER_MEMBERSHIP)))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.TEAM_ITEM)
                            .getter(MemberItem::getItem)
                            .setter(MemberItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("userSub")
                            .getter(MemberItem::getUserSub)
                            .setter(MemberItem::setUserSub)
                            .tags(StaticAttributeTags.secondaryPartitionKey(Tables.BY_USER_MEMBERSHIP)))
            .addAttribute(
                    String.class,
                    a -> a.name("email").getter(MemberItem::getEmail).setter(MemberItem::setEmail))
            .addAttribute(
                    String.class,
                    a -> a.name("role").getter(MemberItem::getRole).setter(MemberItem::setRole))
            .addAttribute(
                    Long.class,
                    a -> a.name("joinedAt").getter(MemberItem::getJoinedAt).setter(MemberItem::setJoinedAt))
            .build();

    static final TableSchema<InvitationItem> INVITATION_SCHEMA = StaticTableSchema.builder(InvitationItem.class)
            .newItemSupplier(InvitationItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(InvitationItem::getTenantId)
                            .setter(InvitationItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.TEAM_ITEM)
                            .getter(InvitationItem::getItem)
                            .setter(InvitationItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("invitationId")
                            .getter(InvitationItem::getInvitationId)
                            .setter(InvitationItem::setInvitationId))
            .addAttribute(
                    String.class,
                    a -> a.name("email").getter(InvitationItem::getEmail).setter(InvitationItem::setEmail))
            .addAttribute(
                    String.class,
                    a -> a.name("role").getter(InvitationItem::getRole).setter(InvitationItem::setRole))
            .addAttribute(
                    String.class,
                    a -> a.name("invitedBy")
                            .getter(InvitationItem::getInvitedBy)
                            .setter(InvitationItem::setInvitedBy))
            .addAttribute(
                    String.class,
                    a -> a.name("tokenHash")
                            .getter(InvitationItem::getTokenHash)
                            .setter(InvitationItem::setTokenHash))
            .addAttribute(
                    Long.class,
                    a -> a.name("createdAt")
                            .getter(InvitationItem::getCreatedAt)
                            .setter(InvitationItem::setCreatedAt))
            .addAttribute(
                    Long.class,
                    a -> a.name("expiresAtMillis")
                            .getter(InvitationItem::getExpiresAtMillis)
                            .setter(InvitationItem::setExpiresAtMillis))
            .addAttribute(
                    Long.class,
                    a -> a.name(Tables.TTL_ATTRIBUTE)
                            .getter(InvitationItem::getExpiresAt)
                            .setter(InvitationItem::setExpiresAt))
            .build();

    static final TableSchema<ApiKeyItem> API_KEY_SCHEMA = StaticTableSchema.builder(ApiKeyItem.class)
            .newItemSupplier(ApiKeyItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name("tenantId")
                            .getter(ApiKeyItem::getTenantId)
                            .setter(ApiKeyItem::setTenantId)
                            .tags(StaticAttributeTags.primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(Tables.TEAM_ITEM)
                            .getter(ApiKeyItem::getItem)
                            .setter(ApiKeyItem::setItem)
                            .tags(StaticAttributeTags.primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name("keyId").getter(ApiKeyItem::getKeyId).setter(ApiKeyItem::setKeyId))
            .addAttribute(
                    String.class,
                    a -> a.name("name").getter(ApiKeyItem::getName).setter(ApiKeyItem::setName))
            .addAttribute(
                    String.class,
                    a -> a.name("scope").getter(ApiKeyItem::getScope).setter(ApiKeyItem::setScope))
            .addAttribute(
                    String.class,
                    a -> a.name("createdBy").getter(ApiKeyItem::getCreatedBy).setter(ApiKeyItem::setCreatedBy))
            .addAttribute(
                    String.class,
                    a -> a.name("keyHash").getter(ApiKeyItem::getKeyHash).setter(ApiKeyItem::setKeyHash))
            .addAttribute(
                    Long.class,
                    a -> a.name("createdAt").getter(ApiKeyItem::getCreatedAt).setter(ApiKeyItem::setCreatedAt))
            .build();
}
