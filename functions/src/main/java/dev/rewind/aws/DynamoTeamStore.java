package dev.rewind.aws;

import dev.rewind.aws.DynamoTenantStore.KeyItem;
import dev.rewind.aws.TeamItems.ApiKeyItem;
import dev.rewind.aws.TeamItems.InvitationItem;
import dev.rewind.aws.TeamItems.MemberItem;
import dev.rewind.storage.Tables;
import dev.rewind.tenants.ApiKey;
import dev.rewind.tenants.Invitation;
import dev.rewind.tenants.KeyKind;
import dev.rewind.tenants.Member;
import dev.rewind.tenants.TeamStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Memberships, invitations and named api keys in the teams table ({@link Tables#TEAMS}); the hashes of
 * invitation tokens and api keys in the keys table, written in the same transaction as their listing.
 */
public final class DynamoTeamStore implements TeamStore {
    /** Condition of a single-use or revocable item: it must still be there. */
    private static final Expression STILL_THERE = Expression.builder()
            .expression("attribute_exists(#k)")
            .expressionNames(java.util.Map.of("#k", Tables.TEAM_ITEM))
            .build();

    private static final Expression KEY_STILL_THERE =
            Expression.builder().expression("attribute_exists(keyHash)").build();

    private final DynamoDbEnhancedClient enhanced;
    private final DynamoDbTable<MemberItem> members;
    private final DynamoDbIndex<MemberItem> byUser;
    private final DynamoDbTable<InvitationItem> invitations;
    private final DynamoDbTable<ApiKeyItem> apiKeys;
    private final DynamoDbTable<KeyItem> keys;

    public DynamoTeamStore(DynamoDbEnhancedClient enhanced, String teamsTable, String keysTable) {
        this.enhanced = enhanced;
        this.members = enhanced.table(teamsTable, TeamItems.MEMBER_SCHEMA);
        this.byUser = members.index(Tables.BY_USER_MEMBERSHIP);
        this.invitations = enhanced.table(teamsTable, TeamItems.INVITATION_SCHEMA);
        this.apiKeys = enhanced.table(teamsTable, TeamItems.API_KEY_SCHEMA);
        this.keys = enhanced.table(keysTable, DynamoTenantStore.KEY_SCHEMA);
    }

    private static Key key(String tenantId, String item) {
        return Key.builder().partitionValue(tenantId).sortValue(item).build();
    }

    private static QueryConditional itemsOf(String tenantId, String prefix) {
        return QueryConditional.sortBeginsWith(
                Key.builder().partitionValue(tenantId).sortValue(prefix).build());
    }

    @Override
    public Optional<Member> member(String tenantId, String userSub) {
        MemberItem item = members.getItem(
                r -> r.key(key(tenantId, TeamItems.MEMBER + userSub)).consistentRead(true));
        return Optional.ofNullable(item).map(MemberItem::toMember);
    }

    @Override
    public List<Member> members(String tenantId) {
        List<Member> result = new ArrayList<>();
        members.query(r ->
                        r.queryConditional(itemsOf(tenantId, TeamItems.MEMBER)).consistentRead(true))
                .items()
                .forEach(i -> result.add(i.toMember()));
        return result;
    }

    @Override
    public List<Member> memberships(String userSub) {
        // the index is keys-only: each membership is read back from the table (a user has a handful)
        List<Member> result = new ArrayList<>();
        byUser.query(r -> r.queryConditional(QueryConditional.keyEqualTo(
                        Key.builder().partitionValue(userSub).build())))
                .forEach(page -> page.items()
                        .forEach(i -> member(i.getTenantId(), userSub).ifPresent(result::add)));
        return result;
    }

    @Override
    public void putMember(Member member) {
        members.putItem(MemberItem.of(member));
    }

    @Override
    public void removeMember(String tenantId, String userSub) {
        members.deleteItem(key(tenantId, TeamItems.MEMBER + userSub));
    }

    @Override
    public void putInvitation(Invitation invitation, String tokenHash) {
        KeyItem token = KeyItem.of(tokenHash, invitation.tenantId(), KeyKind.INVITATION);
        token.setKeyId(invitation.invitationId());
        token.setExpiresAt(invitation.expiresAt() / 1000);
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(invitations, InvitationItem.of(invitation, tokenHash))
                .addPutItem(keys, token)
                .build());
    }

    @Override
    public List<Invitation> invitations(String tenantId) {
        List<Invitation> result = new ArrayList<>();
        invitations
                .query(r -> r.queryConditional(itemsOf(tenantId, TeamItems.INVITATION))
                        .consistentRead(true))
                .items()
                .forEach(i -> result.add(i.toInvitation()));
        return result;
    }

    @Override
    public Optional<Invitation> invitation(String tenantId, String invitationId) {
        return Optional.ofNullable(invitationItem(tenantId, invitationId)).map(InvitationItem::toInvitation);
    }

    private InvitationItem invitationItem(String tenantId, String invitationId) {
        return invitations.getItem(
                r -> r.key(key(tenantId, TeamItems.INVITATION + invitationId)).consistentRead(true));
    }

    @Override
    public boolean deleteInvitation(String tenantId, String invitationId) {
        InvitationItem item = invitationItem(tenantId, invitationId);
        if (item == null) {
            return false;
        }
        return inOneGo(TransactWriteItemsEnhancedRequest.builder()
                .addDeleteItem(invitations, deleteIfThere(key(tenantId, item.getItem())))
                .addDeleteItem(
                        keys, Key.builder().partitionValue(item.getTokenHash()).build())
                .build());
    }

    @Override
    public boolean accept(Invitation invitation, Member member) {
        InvitationItem item = invitationItem(invitation.tenantId(), invitation.invitationId());
        if (item == null) {
            return false;
        }
        return inOneGo(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(
                        members,
                        TransactPutItemEnhancedRequest.builder(MemberItem.class)
                                .item(MemberItem.of(member))
                                .build())
                .addDeleteItem(invitations, deleteIfThere(key(invitation.tenantId(), item.getItem())))
                .addDeleteItem(
                        keys,
                        TransactDeleteItemEnhancedRequest.builder()
                                .key(Key.builder()
                                        .partitionValue(item.getTokenHash())
                                        .build())
                                .conditionExpression(KEY_STILL_THERE)
                                .build())
                .build());
    }

    @Override
    public void putApiKey(String tenantId, ApiKey key, String keyHash) {
        KeyItem grant = KeyItem.of(keyHash, tenantId, KeyKind.API);
        grant.setKeyId(key.keyId());
        grant.setName(key.name());
        grant.setScope(key.scope().code());
        enhanced.transactWriteItems(TransactWriteItemsEnhancedRequest.builder()
                .addPutItem(apiKeys, ApiKeyItem.of(tenantId, key, keyHash))
                .addPutItem(keys, grant)
                .build());
    }

    @Override
    public List<ApiKey> apiKeys(String tenantId) {
        List<ApiKey> result = new ArrayList<>();
        for (ApiKeyItem item : apiKeys.query(r ->
                        r.queryConditional(itemsOf(tenantId, TeamItems.KEY)).consistentRead(true))
                .items()) {
            KeyItem grant = keys.getItem(
                    r -> r.key(Key.builder().partitionValue(item.getKeyHash()).build()));
            result.add(item.toApiKey(grant == null || grant.getLastUsedAt() == null ? 0 : grant.getLastUsedAt()));
        }
        return result;
    }

    @Override
    public boolean deleteApiKey(String tenantId, String keyId) {
        ApiKeyItem item =
                apiKeys.getItem(r -> r.key(key(tenantId, TeamItems.KEY + keyId)).consistentRead(true));
        if (item == null) {
            return false;
        }
        return inOneGo(TransactWriteItemsEnhancedRequest.builder()
                .addDeleteItem(apiKeys, deleteIfThere(key(tenantId, item.getItem())))
                .addDeleteItem(
                        keys, Key.builder().partitionValue(item.getKeyHash()).build())
                .build());
    }

    private static TransactDeleteItemEnhancedRequest deleteIfThere(Key key) {
        return TransactDeleteItemEnhancedRequest.builder()
                .key(key)
                .conditionExpression(STILL_THERE)
                .build();
    }

    /** The transaction, or false when one of its conditions failed (another request got there first). */
    private boolean inOneGo(TransactWriteItemsEnhancedRequest request) {
        try {
            enhanced.transactWriteItems(request);
            return true;
        } catch (TransactionCanceledException lostTheRace) {
            if (lostTheRace.cancellationReasons().stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()))) {
                return false;
            }
            throw lostTheRace;
        }
    }
}
